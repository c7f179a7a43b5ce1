package io.argus.instrumentation.servletjavax;

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
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code javax.servlet} 3.x and 4.x (tested on Jetty 9.4 and Tomcat 9). The advice is on each
 * {@code Filter.doFilter} and {@code Servlet.service} implementation; the outermost one of a request records it.
 * Servlet 3.0 is the floor (the advice relies on {@code getStatus}, {@code DispatcherType} and the async API); where
 * the loader also has Servlet 4's {@code HttpServletMapping}, the route comes from the mapping, otherwise from the
 * servlet path ({@link JavaxServlet3Advice}).
 */
public final class JavaxServletInstrumentation implements ArgusInstrumentation {
  /** The advised methods (Filter.doFilter, Servlet.service): a class declaring neither has nothing to advise. */
  private static final String DO_FILTER = "doFilter";
  private static final String SERVICE = "service";

  private static final ElementMatcher<ClassLoader> SERVLET_3_OR_LATER =
      new ClassLoaderHasClasses("javax.servlet.Filter", "javax.servlet.AsyncListener", "javax.servlet.DispatcherType");
  private static final ElementMatcher<ClassLoader> SERVLET_4 =
      new ClassLoaderHasClasses("javax.servlet.http.HttpServletMapping");

  @Override
  public String name() {
    return "servlet-javax";
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return SERVLET_3_OR_LATER;
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return new ImplementationOf("javax.servlet.Filter", "javax.servlet.Servlet");
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
    ClassLoader agentLoader = JavaxServletInstrumentation.class.getClassLoader();
    AgentBuilder.Transformer servlet4 =
        new AgentBuilder.Transformer.ForAdvice().withExceptionHandler(errors)
            .include(agentLoader)
            .advice(requestMethods(), JavaxServletAdvice.class.getName());
    AgentBuilder.Transformer servlet3 =
        new AgentBuilder.Transformer.ForAdvice().withExceptionHandler(errors)
            .include(agentLoader)
            .advice(requestMethods(), JavaxServlet3Advice.class.getName());
    return (builder, type, classLoader, module, protectionDomain) ->
        (SERVLET_4.matches(classLoader) ? servlet4 : servlet3)
            .transform(builder, type, classLoader, module, protectionDomain);
  }

  private static ElementMatcher<MethodDescription> requestMethods() {
    return not(isAbstract())
        .and(
            named(DO_FILTER)
                .and(takesArguments(3))
                .and(takesArgument(0, named("javax.servlet.ServletRequest")))
                .and(takesArgument(1, named("javax.servlet.ServletResponse")))
                .and(takesArgument(2, named("javax.servlet.FilterChain")))
                .or(
                    named(SERVICE)
                        .and(takesArguments(2))
                        .and(takesArgument(0, named("javax.servlet.ServletRequest")))
                        .and(takesArgument(1, named("javax.servlet.ServletResponse")))));
  }
}
