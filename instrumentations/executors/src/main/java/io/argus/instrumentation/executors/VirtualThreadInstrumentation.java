package io.argus.instrumentation.executors;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.argus.instrumentation.api.AdviceErrors;
import io.argus.instrumentation.api.ArgusInstrumentation;
import io.argus.instrumentation.api.ClassFileHints;
import io.argus.instrumentation.api.InstrumentationSettings;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Virtual threads (JDK 21+) run their task in the context of the code that created them. Matched by name only, so the
 * agent stays Java 8 code and older JDKs simply have no such class.
 */
public final class VirtualThreadInstrumentation implements ArgusInstrumentation {
  @Override
  public String name() {
    return "virtual-threads";
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("java.lang.VirtualThread");
  }

  @Override
  public ClassFileHints classFileHints() {
    return ClassFileHints.named("java.lang.VirtualThread");
  }

  @Override
  public void configure(InstrumentationSettings settings) {
    JdkClasses.load("java.lang.VirtualThread", "java.util.concurrent.ForkJoinPool", "java.util.concurrent.ForkJoinTask");
  }

  @Override
  public AgentBuilder.Transformer transformer() {
    Advice.ExceptionHandler errors = AdviceErrors.reportedAs(name());
    return (builder, type, classLoader, module, protectionDomain) ->
        builder.visit(
            Advice.to(VirtualThreadConstructorAdvice.class).withExceptionHandler(errors)
                .on(isConstructor().and(takesArguments(4)).and(takesArgument(3, Runnable.class))));
  }
}
