package io.argus.instrumentation.jdkhttpclient;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.argus.instrumentation.api.AdviceErrors;
import io.argus.instrumentation.api.AdviceFromClassFiles;
import io.argus.instrumentation.api.ArgusInstrumentation;
import io.argus.instrumentation.api.ClassFileHints;
import io.argus.instrumentation.api.InstrumentationSettings;
import io.argus.instrumentation.http.HttpSettingsReader;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code java.net.http.HttpClient} (Java 11+), through its implementation in {@code jdk.internal.net.http}: the
 * public types are interfaces and abstract classes with nothing to hook.
 *
 * <ul>
 *   <li>{@code HttpClientImpl.sendAsync(request, handler, pushHandler, executor)}: one span per send / sendAsync,
 *       ended when the response future completes;
 *   <li>{@code HttpRequestImpl}: its constructor from the user's request, and the factories of the requests derived
 *       for a redirect or an authentication retry, carry the trace headers as the JDK's own system headers.
 * </ul>
 *
 * Compiled for Java 8 (the agent loads it on every JVM); on Java 8 no type matches, so the Java 11 advice is never
 * loaded. A JDK whose internals differ matches fewer methods: fewer spans or no propagation, never an error.
 */
public final class JdkHttpClientInstrumentation implements ArgusInstrumentation {
  static final String CLIENT_IMPL = "jdk.internal.net.http.HttpClientImpl";
  static final String REQUEST_IMPL = "jdk.internal.net.http.HttpRequestImpl";

  @Override
  public String name() {
    return "jdk-httpclient";
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named(CLIENT_IMPL).or(named(REQUEST_IMPL));
  }

  @Override
  public ClassFileHints classFileHints() {
    return ClassFileHints.named(CLIENT_IMPL, REQUEST_IMPL);
  }

  @Override
  public void configure(InstrumentationSettings settings) {
    HttpSettingsReader.apply(settings);
  }

  @Override
  public AgentBuilder.Transformer transformer() {
    Advice.ExceptionHandler errors = AdviceErrors.reportedAs(name());
    return (builder, type, classLoader, module, protectionDomain) -> {
      if (type.getName().equals(CLIENT_IMPL)) {
        return builder.visit(
            AdviceFromClassFiles.to(SendAsyncAdvice.class, classLoader).withExceptionHandler(errors)
                .on(
                    named("sendAsync")
                        .and(takesArguments(4))
                        .and(takesArgument(0, named("java.net.http.HttpRequest")))
                        .and(takesArgument(3, named("java.util.concurrent.Executor")))));
      }
      return builder
          .visit(
              AdviceFromClassFiles.to(RequestCopyAdvice.class, classLoader).withExceptionHandler(errors)
                  .on(
                      isConstructor()
                          .and(takesArguments(2))
                          .and(takesArgument(0, named("java.net.http.HttpRequest")))
                          .and(takesArgument(1, named("java.net.ProxySelector")))))
          .visit(
              AdviceFromClassFiles.to(RedirectRequestAdvice.class, classLoader).withExceptionHandler(errors)
                  .on(
                      isStatic()
                          .and(named("newInstanceForRedirection"))
                          .and(takesArguments(4))
                          .and(takesArgument(2, named(REQUEST_IMPL)))))
          .visit(
              AdviceFromClassFiles.to(AuthenticationRequestAdvice.class, classLoader).withExceptionHandler(errors)
                  .on(
                      isStatic()
                          .and(named("newInstanceForAuthentication"))
                          .and(takesArguments(1))
                          .and(takesArgument(0, named(REQUEST_IMPL)))));
    };
  }
}
