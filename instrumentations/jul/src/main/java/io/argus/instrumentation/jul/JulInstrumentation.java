package io.argus.instrumentation.jul;

import io.argus.bootstrap.jul.JulCorrelation;
import io.argus.instrumentation.api.ArgusInstrumentation;
import io.argus.instrumentation.api.ClassFileHints;
import io.argus.instrumentation.api.InstrumentationSettings;
import io.argus.instrumentation.logging.LoggingSettingsReader;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * java.util.logging gets the trace fields through {@code io.argus.bootstrap.jul.TraceContextFormatter}, which the application names in its
 * logging configuration; no JDK class is changed, and the agent itself never touches JUL. This instrumentation only
 * switches the formatter's fields on and installs the configured keys ({@code otel.instrumentation.jul.enabled}).
 */
public final class JulInstrumentation implements ArgusInstrumentation {
  @Override
  public String name() {
    return "jul";
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return ElementMatchers.none();
  }

  @Override
  public ClassFileHints classFileHints() {
    return ClassFileHints.noClass();
  }

  @Override
  public void configure(InstrumentationSettings settings) {
    LoggingSettingsReader.apply(settings);
    JulCorrelation.enable(true);
  }

  @Override
  public AgentBuilder.Transformer transformer() {
    return (builder, type, classLoader, module, protectionDomain) -> builder;
  }
}
