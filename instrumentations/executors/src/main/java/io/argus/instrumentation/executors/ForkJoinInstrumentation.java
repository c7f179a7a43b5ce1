package io.argus.instrumentation.executors;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.argus.instrumentation.api.AdviceErrors;
import io.argus.instrumentation.api.ArgusInstrumentation;
import io.argus.instrumentation.api.ClassFileHints;
import io.argus.instrumentation.api.InstrumentationSettings;
import java.util.Collection;
import java.util.concurrent.Callable;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * ForkJoinPool (the common pool included) and ForkJoinTask: a task forked or submitted while a context is current
 * runs in that context, which covers parallel streams and RecursiveTask/RecursiveAction. The pool that schedules
 * virtual threads is left alone.
 */
public final class ForkJoinInstrumentation implements ArgusInstrumentation {
  static final String POOL = "java.util.concurrent.ForkJoinPool";
  static final String TASK = "java.util.concurrent.ForkJoinTask";

  @Override
  public String name() {
    return "fork-join";
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return namedOneOf(POOL, TASK);
  }

  @Override
  public ClassFileHints classFileHints() {
    return ClassFileHints.named(POOL, TASK);
  }

  @Override
  public void configure(InstrumentationSettings settings) {
    JdkClasses.load(POOL, TASK);
  }

  @Override
  public AgentBuilder.Transformer transformer() {
    Advice.ExceptionHandler errors = AdviceErrors.reportedAs(name());
    return (builder, type, classLoader, module, protectionDomain) -> {
      if (type.getName().equals(TASK)) {
        return builder
            .visit(Advice.to(ForkJoinTaskForkAdvice.class).withExceptionHandler(errors)
                       .on(named("fork").and(takesArguments(0))))
            .visit(Advice.to(ForkJoinTaskExecAdvice.class).withExceptionHandler(errors)
                       .on(named("doExec").and(takesArguments(0))));
      }
      return builder
          .visit(
              Advice.to(ForkJoinPoolTaskAdvice.class).withExceptionHandler(errors)
                  .on(
                      namedOneOf("execute", "submit", "invoke", "externalSubmit", "lazySubmit")
                          .and(takesArguments(1))
                          .and(takesArgument(0, named(TASK)))))
          // JDK 25+: schedule(...), CompletableFuture.delayedExecutor and timeouts go through here
          .visit(
              Advice.to(ForkJoinPoolTaskAdvice.class).withExceptionHandler(errors)
                  .on(named("scheduleDelayedTask").and(takesArguments(1))))
          .visit(
              Advice.to(ForkJoinPoolRunnableAdvice.class).withExceptionHandler(errors)
                  .on(namedOneOf("execute", "submit").and(takesArgument(0, Runnable.class))))
          .visit(
              Advice.to(ForkJoinPoolCallableAdvice.class).withExceptionHandler(errors)
                  .on(namedOneOf("submit", "submitWithTimeout").and(takesArgument(0, Callable.class))))
          .visit(
              Advice.to(ForkJoinPoolBulkAdvice.class).withExceptionHandler(errors)
                  .on(
                      namedOneOf("invokeAll", "invokeAny", "invokeAllUninterruptibly")
                          .and(takesArgument(0, Collection.class))))
          .visit(
              Advice.to(PeriodicScheduleAdvice.class).withExceptionHandler(errors)
                  .on(namedOneOf("scheduleAtFixedRate", "scheduleWithFixedDelay")));
    };
  }
}
