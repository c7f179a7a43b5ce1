package io.argus.instrumentation.executors;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.argus.instrumentation.api.AdviceErrors;
import io.argus.instrumentation.api.ArgusInstrumentation;
import io.argus.instrumentation.api.ClassFileHints;
import io.argus.instrumentation.api.InstrumentationSettings;
import java.util.concurrent.Callable;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * ThreadPoolExecutor, ScheduledThreadPoolExecutor and FutureTask: the trace context of the thread that submits a task
 * is current while the task runs, and removed before the worker takes its next task.
 *
 * <ul>
 *   <li>{@code submit}, {@code invokeAll}, {@code invokeAny}, {@code schedule} (any AbstractExecutorService): the
 *       FutureTask they create wraps its private callable when it is constructed.
 *   <li>{@code execute(Runnable)}: the task is queued in a wrapper that the worker removes when it takes the task.
 *   <li>{@code scheduleAtFixedRate}/{@code scheduleWithFixedDelay}: periodic tasks deliberately get no context.
 * </ul>
 */
public final class ExecutorsInstrumentation implements ArgusInstrumentation {
  static final String THREAD_POOL = "java.util.concurrent.ThreadPoolExecutor";
  static final String WORKER = "java.util.concurrent.ThreadPoolExecutor$Worker";
  static final String SCHEDULED_POOL = "java.util.concurrent.ScheduledThreadPoolExecutor";
  static final String FUTURE_TASK = "java.util.concurrent.FutureTask";

  @Override
  public String name() {
    return "executors";
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return namedOneOf(THREAD_POOL, WORKER, SCHEDULED_POOL, FUTURE_TASK);
  }

  @Override
  public ClassFileHints classFileHints() {
    return ClassFileHints.named(THREAD_POOL, WORKER, SCHEDULED_POOL, FUTURE_TASK);
  }

  @Override
  public void configure(InstrumentationSettings settings) {
    JdkClasses.load(THREAD_POOL, WORKER, SCHEDULED_POOL, FUTURE_TASK);
  }

  @Override
  public AgentBuilder.Transformer transformer() {
    Advice.ExceptionHandler errors = AdviceErrors.reportedAs(name());
    return (builder, type, classLoader, module, protectionDomain) -> {
      switch (type.getName()) {
        case THREAD_POOL:
          return builder
              .visit(
                  Advice.to(ThreadPoolExecuteAdvice.class).withExceptionHandler(errors)
                      .on(named("execute").and(takesArguments(1)).and(takesArgument(0, Runnable.class))))
              .visit(
                  Advice.to(ThreadPoolGetTaskAdvice.class).withExceptionHandler(errors)
                      .on(named("getTask").and(takesArguments(0)).and(returns(Runnable.class))))
              .visit(
                  Advice.to(ThreadPoolRemoveAdvice.class).withExceptionHandler(errors)
                      .on(
                          named("remove")
                              .and(takesArguments(1))
                              .and(takesArgument(0, Runnable.class))
                              .and(returns(boolean.class))))
              .visit(Advice.to(ThreadPoolShutdownNowAdvice.class).withExceptionHandler(errors)
                         .on(named("shutdownNow").and(takesArguments(0))))
              .visit(
                  Advice.to(ThreadPoolRejectAdvice.class).withExceptionHandler(errors)
                      .on(named("reject").and(takesArguments(1)).and(takesArgument(0, Runnable.class))));
        case WORKER:
          return builder.visit(Advice.to(ThreadPoolWorkerRunAdvice.class).withExceptionHandler(errors)
                                   .on(named("run").and(takesArguments(0))));
        case SCHEDULED_POOL:
          return builder.visit(
              Advice.to(PeriodicScheduleAdvice.class).withExceptionHandler(errors)
                  .on(namedOneOf("scheduleAtFixedRate", "scheduleWithFixedDelay")));
        default: // FutureTask
          return builder.visit(
              Advice.to(FutureTaskConstructorAdvice.class).withExceptionHandler(errors)
                  .on(isConstructor().and(takesArgument(0, Callable.class).or(takesArgument(0, Runnable.class)))));
      }
    };
  }
}
