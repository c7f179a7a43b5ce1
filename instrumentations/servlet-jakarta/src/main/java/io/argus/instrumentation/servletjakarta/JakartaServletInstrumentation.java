package io.argus.instrumentation.servletjakarta;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.argus.instrumentation.api.AdviceErrors;
import io.argus.instrumentation.api.ArgusInstrumentation;
import io.argus.instrumentation.api.ClassFileHints;
import io.argus.instrumentation.api.ImplementationOf;
import io.argus.instrumentation.api.InstrumentationSettings;
import io.argus.instrumentation.http.HttpSettingsReader;
import io.argus.instrumentation.api.ClassLoaderHasClasses;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code jakarta.servlet} 5.0 to 6.1 (Tomcat 10+, Jetty 11 and 12 ee10, Spring Boot 3+). Every request passes
 * through the container's filter chain and servlet; the advice is on each {@code Filter.doFilter} and
 * {@code Servlet.service} implementation, and the outermost one of a request records it (one span per request, however
 * many filters). The advice calls {@code HttpServletRequest.getHttpServletMapping} (Servlet 4+, so always present in
 * the jakarta namespace) and the async API; a loader without them is not instrumented.
 */
public final class JakartaServletInstrumentation implements ArgusInstrumentation {
  /** The advised methods (Filter.doFilter, Servlet.service): a class declaring neither has nothing to advise. */
  private static final String DO_FILTER = "doFilter";
  private static final String SERVICE = "service";

  private static final ElementMatcher<ClassLoader> SERVLET_5_OR_LATER =
      new ClassLoaderHasClasses(
          "jakarta.servlet.Filter",
          "jakarta.servlet.AsyncListener",
          "jakarta.servlet.DispatcherType",
          "jakarta.servlet.http.HttpServletMapping");

  @Override
  public String name() {
    return "servlet-jakarta";
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return SERVLET_5_OR_LATER;
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return new ImplementationOf("jakarta.servlet.Filter", "jakarta.servlet.Servlet");
  }

  @Override
  public ClassFileHints classFileHints() {
    return ClassFileHints.declaringMethod(DO_FILTER, SERVICE);
  }

  @Override
  public void configure(InstrumentationSettings settings) {
    HttpSettingsReader.apply(settings);
  }

  @Override
  public AgentBuilder.Transformer transformer() {
    Advice.ExceptionHandler errors = AdviceErrors.reportedAs(name());
    // ForAdvice reads the advice through the instrumented class's loader (plus ours), where the servlet types the
    // advice names exist; the agent's own loader cannot see them.
    return new AgentBuilder.Transformer.ForAdvice().withExceptionHandler(errors)
        .include(JakartaServletInstrumentation.class.getClassLoader())
        .advice(
            not(isAbstract())
                .and(
                    named(DO_FILTER)
                        .and(takesArguments(3))
                        .and(takesArgument(0, named("jakarta.servlet.ServletRequest")))
                        .and(takesArgument(1, named("jakarta.servlet.ServletResponse")))
                        .and(takesArgument(2, named("jakarta.servlet.FilterChain")))
                        .or(
                            named(SERVICE)
                                .and(takesArguments(2))
                                .and(takesArgument(0, named("jakarta.servlet.ServletRequest")))
                                .and(takesArgument(1, named("jakarta.servlet.ServletResponse"))))),
            JakartaServletAdvice.class.getName());
  }
}
