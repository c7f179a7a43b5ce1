package io.argus.instrumentation.jdkhttpserver;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.argus.instrumentation.api.AdviceErrors;
import io.argus.instrumentation.api.ArgusInstrumentation;
import io.argus.instrumentation.api.ClassFileHints;
import io.argus.instrumentation.api.InstrumentationSettings;
import io.argus.instrumentation.http.HttpSettingsReader;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The JDK's built-in server ({@code com.sun.net.httpserver}). Every request passes through
 * {@code Filter.Chain.doFilter(HttpExchange)}: first the chain of the context's user filters, whose end calls the
 * system chain and then the handler. Instrumenting that one public method covers every handler, lambdas included
 * (which, as hidden classes, cannot be instrumented themselves); the nesting guard keeps one span per request.
 */
public final class JdkHttpServerInstrumentation implements ArgusInstrumentation {
  private static final String FILTER_CHAIN = "com.sun.net.httpserver.Filter$Chain";

  @Override
  public String name() {
    return "jdk-httpserver";
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named(FILTER_CHAIN);
  }

  @Override
  public ClassFileHints classFileHints() {
    return ClassFileHints.named(FILTER_CHAIN);
  }

  @Override
  public void configure(InstrumentationSettings settings) {
    HttpSettingsReader.apply(settings);
  }

  @Override
  public AgentBuilder.Transformer transformer() {
    Advice.ExceptionHandler errors = AdviceErrors.reportedAs(name());
    return (builder, type, classLoader, module, protectionDomain) ->
        builder.visit(
            Advice.to(FilterChainAdvice.class).withExceptionHandler(errors)
                .on(
                    named("doFilter")
                        .and(takesArguments(1))
                        .and(takesArgument(0, named("com.sun.net.httpserver.HttpExchange")))));
  }
}
