package io.argus.instrumentation.executors;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.argus.instrumentation.api.AdviceErrors;
import io.argus.instrumentation.api.ArgusInstrumentation;
import io.argus.instrumentation.api.ClassFileHints;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * A platform thread started from traced code runs its Runnable in the starter's context. Off with
 * {@code otel.instrumentation.thread-start.enabled=false}. See ThreadStartContexts for what is left out (pool workers,
 * threads with their own run(), the agent's threads).
 */
public final class ThreadStartInstrumentation implements ArgusInstrumentation {
  @Override
  public String name() {
    return "thread-start";
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("java.lang.Thread");
  }

  @Override
  public ClassFileHints classFileHints() {
    return ClassFileHints.named("java.lang.Thread");
  }

  @Override
  public AgentBuilder.Transformer transformer() {
    Advice.ExceptionHandler errors = AdviceErrors.reportedAs(name());
    return (builder, type, classLoader, module, protectionDomain) ->
        builder
            // start() and, since JDK 21, start(ThreadContainer) used by thread-per-task executors
            .visit(Advice.to(ThreadStartAdvice.class).withExceptionHandler(errors)
                       .on(named("start").and(takesArguments(0).or(takesArguments(1)))))
            .visit(Advice.to(ThreadRunAdvice.class).withExceptionHandler(errors)
                       .on(named("run").and(takesArguments(0))));
  }
}
