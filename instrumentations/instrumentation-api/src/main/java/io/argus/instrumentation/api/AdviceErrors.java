package io.argus.instrumentation.api;

import io.argus.bootstrap.InstrumentationErrors;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.constant.TextConstant;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;

/**
 * The exception handler every advice gets: a throwable that {@code suppress = Throwable.class} swallows (a library
 * getter that throws inside the advice, a helper failing outside its own catch) is handed to
 * {@link InstrumentationErrors} under the instrumentation's name, so it is counted on {@code /metrics} and logged once
 * instead of vanishing. Byte Buddy's default handler drops it silently.
 *
 * <pre>
 * builder.visit(Advice.to(MyAdvice.class).withExceptionHandler(AdviceErrors.reportedAs(name())).on(...))
 * </pre>
 */
public final class AdviceErrors {
  private static final MethodDescription.InDefinedShape RECORD;

  static {
    try {
      RECORD =
          new MethodDescription.ForLoadedMethod(
              InstrumentationErrors.class.getMethod("recordFromAdvice", Throwable.class, String.class));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("bootstrap API without InstrumentationErrors.recordFromAdvice", e);
    }
  }

  private AdviceErrors() {}

  /**
   * A handler that runs, inlined in the instrumented method, with the suppressed throwable on the operand stack: it
   * pushes the name and calls {@code InstrumentationErrors.recordFromAdvice(throwable, name)}, which never throws and
   * leaves the stack empty, as Byte Buddy requires.
   */
  public static Advice.ExceptionHandler reportedAs(String instrumentation) {
    return new Advice.ExceptionHandler.Simple(
        new StackManipulation.Compound(new TextConstant(instrumentation), MethodInvocation.invoke(RECORD)));
  }
}
