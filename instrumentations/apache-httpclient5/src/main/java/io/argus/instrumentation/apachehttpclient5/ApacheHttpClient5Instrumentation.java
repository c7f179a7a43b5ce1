package io.argus.instrumentation.apachehttpclient5;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.argus.instrumentation.api.AdviceErrors;
import io.argus.instrumentation.api.AdviceFromClassFiles;
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
 * Apache HttpClient 5 classic: {@code doExecute} of {@code InternalHttpClient} (what {@code HttpClients.create*} and
 * {@code HttpClientBuilder} build) and {@code MinimalHttpClient} ({@code HttpClients.createMinimal}). One span per
 * execute; the trace headers are set on the request, so the redirects and retries the client sends from it carry
 * them too.
 *
 * <p>HttpClient 4.x lives in other packages ({@code org.apache.http}) with other types: this advice cannot serve it,
 * and the class-loader check keeps it away from any loader without the 5.x classes it links against.
 */
public final class ApacheHttpClient5Instrumentation implements ArgusInstrumentation {
  private static final String HOST = "org.apache.hc.core5.http.HttpHost";
  private static final String CLASSIC_REQUEST = "org.apache.hc.core5.http.ClassicHttpRequest";

  @Override
  public String name() {
    return "apache-httpclient5";
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return new ClassLoaderHasClasses(
        "org.apache.hc.client5.http.impl.classic.CloseableHttpClient",
        "org.apache.hc.client5.http.impl.classic.CloseableHttpResponse",
        CLASSIC_REQUEST,
        HOST,
        "org.apache.hc.core5.net.URIAuthority");
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("org.apache.hc.client5.http.impl.classic.InternalHttpClient")
        .or(named("org.apache.hc.client5.http.impl.classic.MinimalHttpClient"));
  }

  @Override
  public ClassFileHints classFileHints() {
    return ClassFileHints.named(
        "org.apache.hc.client5.http.impl.classic.InternalHttpClient",
        "org.apache.hc.client5.http.impl.classic.MinimalHttpClient");
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
            AdviceFromClassFiles.to(DoExecuteAdvice.class, classLoader).withExceptionHandler(errors)
                .on(
                    named("doExecute")
                        .and(takesArguments(3))
                        .and(takesArgument(0, named(HOST)))
                        .and(takesArgument(1, named(CLASSIC_REQUEST)))));
  }
}
