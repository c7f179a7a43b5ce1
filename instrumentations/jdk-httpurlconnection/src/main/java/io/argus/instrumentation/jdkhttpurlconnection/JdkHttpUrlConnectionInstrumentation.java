package io.argus.instrumentation.jdkhttpurlconnection;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
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
 * {@code java.net.HttpURLConnection} as the JDK implements it for http and https:
 * {@code sun.net.www.protocol.http.HttpURLConnection} (the https connection delegates to a subclass of it). The https
 * subclass overrides {@code connect()} without calling the parent's, so that override is instrumented too.
 *
 * <p>These are java.base classes, often loaded before the agent starts: the installer retransforms them and gives
 * java.base a read edge to the bootstrap helpers. Present with the same methods since Java 8.
 */
public final class JdkHttpUrlConnectionInstrumentation implements ArgusInstrumentation {
  static final String HTTP_CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";
  static final String HTTPS_DELEGATE_CONNECTION = "sun.net.www.protocol.https.AbstractDelegateHttpsURLConnection";

  @Override
  public String name() {
    return "jdk-httpurlconnection";
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named(HTTP_CONNECTION).or(named(HTTPS_DELEGATE_CONNECTION));
  }

  @Override
  public ClassFileHints classFileHints() {
    return ClassFileHints.named(HTTP_CONNECTION, HTTPS_DELEGATE_CONNECTION);
  }

  @Override
  public void configure(InstrumentationSettings settings) {
    HttpSettingsReader.apply(settings);
  }

  @Override
  public AgentBuilder.Transformer transformer() {
    Advice.ExceptionHandler errors = AdviceErrors.reportedAs(name());
    return (builder, type, classLoader, module, protectionDomain) ->
        builder
            .visit(
                Advice.to(RequestAdvice.class).withExceptionHandler(errors)
                    .on(isPublic().and(named("connect").or(named("getOutputStream"))).and(takesArguments(0))))
            .visit(Advice.to(ResponseAdvice.class).withExceptionHandler(errors)
                       .on(isPublic().and(named("getInputStream")).and(takesArguments(0))))
            .visit(Advice.to(DisconnectAdvice.class).withExceptionHandler(errors)
                       .on(isPublic().and(named("disconnect")).and(takesArguments(0))));
  }
}
