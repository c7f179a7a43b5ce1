package io.argus.instrumentation.logback;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.argus.instrumentation.api.AdviceErrors;
import io.argus.instrumentation.api.ArgusInstrumentation;
import io.argus.instrumentation.api.ClassFileHints;
import io.argus.instrumentation.api.InstrumentationSettings;
import io.argus.instrumentation.logging.LoggingSettingsReader;
import java.util.Map;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Logback (1.0 to 1.6): the trace fields join the MDC map of each event. {@code LoggingEvent.getMDCPropertyMap()}
 * copies the MDC once per event, on the logging thread (encoders of synchronous appenders, or AsyncAppender's
 * prepareForDeferredProcessing), and keeps the copy; the fields are added to that copy. So %X{trace_id}, JSON
 * encoders and async appenders all see them, and {@code MDC.put} is never called on span switches.
 */
public final class LogbackInstrumentation implements ArgusInstrumentation {
  private static final String LOGGING_EVENT = "ch.qos.logback.classic.spi.LoggingEvent";

  @Override
  public String name() {
    return "logback";
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named(LOGGING_EVENT);
  }

  @Override
  public ClassFileHints classFileHints() {
    return ClassFileHints.named(LOGGING_EVENT);
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
            Advice.to(LoggingEventMdcAdvice.class).withExceptionHandler(errors)
                .on(named("getMDCPropertyMap").and(takesArguments(0)).and(returns(Map.class))));
  }
}
