package io.argus.instrumentation.log4j2;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.argus.instrumentation.api.AdviceErrors;
import io.argus.instrumentation.api.AdviceFromClassFiles;
import io.argus.instrumentation.api.ArgusInstrumentation;
import io.argus.instrumentation.api.ClassFileHints;
import io.argus.instrumentation.api.ClassLoaderHasClasses;
import io.argus.instrumentation.api.ImplementationOf;
import io.argus.instrumentation.api.InstrumentationSettings;
import io.argus.instrumentation.logging.LoggingSettingsReader;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Log4j 2 (2.7+): the trace fields join the context data of each event. Every LogEvent gets its context data from
 * the configured {@code ContextDataInjector.injectContextData(properties, reusable)} when it is created, on the
 * logging thread (async loggers included: the ring-buffer translator runs on the caller); its result is extended.
 * Layouts read them as ThreadContext/MDC entries (%X{trace_id}, JsonTemplateLayout's mdc resolver).
 */
public final class Log4j2Instrumentation implements ArgusInstrumentation {
  static final String INJECTOR = "org.apache.logging.log4j.core.ContextDataInjector";
  private static final String INJECT_CONTEXT_DATA = "injectContextData";

  @Override
  public String name() {
    return "log4j2";
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return new ClassLoaderHasClasses(INJECTOR, "org.apache.logging.log4j.util.StringMap");
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    // log4j-core's own injectors (ThreadContextDataInjector.For*): a name test first keeps the hierarchy check off
    // every other class of the application.
    return nameStartsWith("org.apache.logging.log4j.").and(new ImplementationOf(INJECTOR));
  }

  @Override
  public ClassFileHints classFileHints() {
    return ClassFileHints.declaringMethod(INJECT_CONTEXT_DATA);
  }

  @Override
  public void configure(InstrumentationSettings settings) {
    LoggingSettingsReader.apply(settings);
  }

  @Override
  public AgentBuilder.Transformer transformer() {
    Advice.ExceptionHandler errors = AdviceErrors.reportedAs(name());
    return (builder, type, classLoader, module, protectionDomain) ->
        builder.visit(
            AdviceFromClassFiles.to(InjectContextDataAdvice.class, classLoader).withExceptionHandler(errors)
                .on(
                    named(INJECT_CONTEXT_DATA)
                        .and(takesArguments(2))
                        .and(not(isAbstract()))
                        .and(returns(named("org.apache.logging.log4j.util.StringMap")))));
  }
}
