package io.argus.instrumentation.executors;

import static net.bytebuddy.matcher.ElementMatchers.nameEndsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.argus.instrumentation.api.AdviceErrors;
import io.argus.instrumentation.api.ArgusInstrumentation;
import io.argus.instrumentation.api.ClassFileHints;
import io.argus.instrumentation.api.InstrumentationSettings;
import java.util.concurrent.Executor;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * CompletableFuture async stages (supplyAsync, runAsync, every *Async method): each runs in the context current when
 * it was registered. Every one of them goes through a private {@code xxxStage(Executor, ...)} method (JDK 8 to 25),
 * whose executor argument is bound to that context.
 */
public final class CompletableFutureInstrumentation implements ArgusInstrumentation {
  @Override
  public String name() {
    return "completable-future";
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("java.util.concurrent.CompletableFuture");
  }

  @Override
  public ClassFileHints classFileHints() {
    return ClassFileHints.named("java.util.concurrent.CompletableFuture");
  }

  @Override
  public void configure(InstrumentationSettings settings) {
    JdkClasses.load("java.util.concurrent.CompletableFuture");
  }

  @Override
  public AgentBuilder.Transformer transformer() {
    Advice.ExceptionHandler errors = AdviceErrors.reportedAs(name());
    return (builder, type, classLoader, module, protectionDomain) ->
        builder.visit(
            Advice.to(CompletableFutureStageAdvice.class).withExceptionHandler(errors)
                .on(nameEndsWith("Stage").and(takesArgument(0, Executor.class))));
  }
}
