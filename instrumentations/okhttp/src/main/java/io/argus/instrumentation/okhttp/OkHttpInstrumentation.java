package io.argus.instrumentation.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.argus.instrumentation.api.AdviceErrors;
import io.argus.instrumentation.api.ArgusInstrumentation;
import io.argus.instrumentation.api.ClassFileHints;
import io.argus.instrumentation.api.ClassLoaderHasClasses;
import io.argus.instrumentation.api.InstrumentationSettings;
import io.argus.instrumentation.http.HttpSettingsReader;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * OkHttp 4.x and 5.x, with no interceptor added to the application's clients: {@code RealCall} (the span, and the
 * caller's context for enqueued calls) and {@code RealInterceptorChain.proceed} (the trace headers). OkHttp 3.x keeps
 * its call in another class ({@code okhttp3.RealCall}) and is left alone: the class-loader check asks for
 * {@code okhttp3.internal.connection.RealCall}, which only 4.x and later have.
 *
 * <p>Nothing here names an OkHttp class in code or in a string constant: the agent build relocates the agent's own
 * bundled OkHttp by rewriting every {@code okhttp3} reference in every class it packages, ours included, which would
 * aim this instrumentation at the agent's private copy. So the advice passes OkHttp objects as Object to helpers that
 * call OkHttp's public methods reflectively ({@code io.argus.bootstrap.okhttp.OkHttpApi}), and the class names
 * below are put together at run time.
 */
public final class OkHttpInstrumentation implements ArgusInstrumentation {
  /** "okhttp3", assembled at run time so that the build's relocation cannot rewrite it (see above). */
  static final String OKHTTP_PACKAGE = String.join("", "ok", "http3");

  private static final String REAL_CALL = OKHTTP_PACKAGE + ".internal.connection.RealCall";
  private static final String INTERCEPTOR_CHAIN = OKHTTP_PACKAGE + ".internal.http.RealInterceptorChain";
  private static final String REQUEST = OKHTTP_PACKAGE + ".Request";
  private static final String RESPONSE = OKHTTP_PACKAGE + ".Response";
  private static final String CALLBACK = OKHTTP_PACKAGE + ".Callback";

  @Override
  public String name() {
    return "okhttp";
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return new ClassLoaderHasClasses(
        REAL_CALL,
        INTERCEPTOR_CHAIN,
        OKHTTP_PACKAGE + ".Call",
        REQUEST + "$Builder",
        OKHTTP_PACKAGE + ".HttpUrl",
        RESPONSE,
        CALLBACK);
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named(REAL_CALL).or(named(INTERCEPTOR_CHAIN));
  }

  @Override
  public ClassFileHints classFileHints() {
    return ClassFileHints.named(REAL_CALL, INTERCEPTOR_CHAIN);
  }

  @Override
  public void configure(InstrumentationSettings settings) {
    HttpSettingsReader.apply(settings);
  }

  @Override
  public AgentBuilder.Transformer transformer() {
    Advice.ExceptionHandler errors = AdviceErrors.reportedAs(name());
    return (builder, type, classLoader, module, protectionDomain) -> {
      if (type.getName().equals(INTERCEPTOR_CHAIN)) {
        return builder.visit(
            Advice.to(ProceedAdvice.class).withExceptionHandler(errors)
                .on(named("proceed").and(takesArguments(1)).and(takesArgument(0, named(REQUEST)))));
      }
      return builder
          .visit(
              Advice.to(CallAdvice.class).withExceptionHandler(errors)
                  .on(
                      nameStartsWith("getResponseWithInterceptorChain")
                          .and(takesArguments(0))
                          .and(returns(named(RESPONSE)))))
          .visit(
              Advice.to(EnqueueAdvice.class).withExceptionHandler(errors)
                  .on(named("enqueue").and(takesArguments(1)).and(takesArgument(0, named(CALLBACK)))));
    };
  }
}
