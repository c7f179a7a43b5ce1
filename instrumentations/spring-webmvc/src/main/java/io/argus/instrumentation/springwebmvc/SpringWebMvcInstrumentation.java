package io.argus.instrumentation.springwebmvc;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.argus.instrumentation.api.AdviceErrors;
import io.argus.instrumentation.api.ArgusInstrumentation;
import io.argus.instrumentation.api.ClassFileHints;
import io.argus.instrumentation.api.InstrumentationSettings;
import io.argus.instrumentation.http.HttpSettingsReader;
import io.argus.instrumentation.api.ClassLoaderHasClasses;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Spring MVC (Spring Framework 6+, the jakarta namespace) on any servlet container. It makes no span of its own: the
 * servlet instrumentation records the request, and this hands that call the route template Spring matched
 * ({@code /owners/{ownerId}}) through {@code HttpServerCall.current()}, so span name and metric labels use it.
 * Spring 5 (javax) has no {@code doDispatch(jakarta...)} and is left alone; its requests keep the servlet routes.
 */
public final class SpringWebMvcInstrumentation implements ArgusInstrumentation {
  private static final String DISPATCHER_SERVLET = "org.springframework.web.servlet.DispatcherServlet";
  private static final ElementMatcher<ClassLoader> SPRING_MVC_ON_JAKARTA =
      new ClassLoaderHasClasses(
          "org.springframework.web.servlet.DispatcherServlet",
          "org.springframework.web.servlet.HandlerMapping",
          "jakarta.servlet.http.HttpServletMapping");

  @Override
  public String name() {
    return "spring-webmvc";
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return SPRING_MVC_ON_JAKARTA;
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named(DISPATCHER_SERVLET);
  }

  @Override
  public ClassFileHints classFileHints() {
    return ClassFileHints.named(DISPATCHER_SERVLET);
  }

  @Override
  public void configure(InstrumentationSettings settings) {
    HttpSettingsReader.apply(settings);
  }

  @Override
  public AgentBuilder.Transformer transformer() {
    Advice.ExceptionHandler errors = AdviceErrors.reportedAs(name());
    return new AgentBuilder.Transformer.ForAdvice().withExceptionHandler(errors)
        .include(SpringWebMvcInstrumentation.class.getClassLoader())
        .advice(
            named("doDispatch")
                .and(takesArguments(2))
                .and(takesArgument(0, named("jakarta.servlet.http.HttpServletRequest")))
                .and(takesArgument(1, named("jakarta.servlet.http.HttpServletResponse"))),
            DispatcherServletAdvice.class.getName());
  }
}
