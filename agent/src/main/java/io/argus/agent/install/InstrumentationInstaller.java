package io.argus.agent.install;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import io.argus.agent.log.AgentLog;
import io.argus.instrumentation.api.ArgusInstrumentation;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.LongAdder;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Finds the bundled {@link ArgusInstrumentation}s and installs the enabled ones with one Byte Buddy
 * {@link AgentBuilder}: advice is inlined without changing class formats, so classes that are already loaded can be
 * retransformed too. The agent's own classes, Byte Buddy and the JDK's internals are never matched.
 */
public final class InstrumentationInstaller {
  private static final AgentLog LOG = AgentLog.get("install");

  /** Decides whether an instrumentation is enabled (otel.instrumentation.NAME.enabled). */
  public interface EnabledCheck {
    boolean isEnabled(String name);
  }

  private final LongAdder transformErrors = new LongAdder();
  private final LongAdder transformedTypes = new LongAdder();
  private volatile List<String> installed = Collections.emptyList();
  private volatile List<String> disabled = Collections.emptyList();

  public void install(Instrumentation instrumentation, ClassLoader agentLoader, EnabledCheck enabledCheck) {
    List<ArgusInstrumentation> enabled = new ArrayList<ArgusInstrumentation>();
    List<String> off = new ArrayList<String>();
    for (ArgusInstrumentation candidate : ServiceLoader.load(ArgusInstrumentation.class, agentLoader)) {
      if (enabledCheck.isEnabled(candidate.name())) {
        enabled.add(candidate);
      } else {
        off.add(candidate.name());
      }
    }
    disabled = Collections.unmodifiableList(off);
    if (enabled.isEmpty()) {
      LOG.info("instrumentation_none", "disabled", off);
      return;
    }
    AgentBuilder builder =
        new AgentBuilder.Default()
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            .with(new FailureListener())
            .ignore(
                nameStartsWith("io.argus.")
                    .or(nameStartsWith("net.bytebuddy."))
                    .or(nameStartsWith("jdk.internal."))
                    .or(nameStartsWith("sun.reflect."))
                    .or(nameStartsWith("com.sun.proxy."))
                    .or(isSynthetic()));
    List<String> names = new ArrayList<String>();
    for (ArgusInstrumentation each : enabled) {
      builder = builder.type(each.typeMatcher(), each.classLoaderMatcher()).transform(each.transformer());
      names.add(each.name());
    }
    builder.installOn(instrumentation);
    installed = Collections.unmodifiableList(names);
    LOG.info("instrumentation_installed", "instrumentations", names, "disabled", off);
  }

  public List<String> installed() {
    return installed;
  }

  public List<String> disabled() {
    return disabled;
  }

  public long transformErrors() {
    return transformErrors.sum();
  }

  public long transformedTypes() {
    return transformedTypes.sum();
  }

  /** A type that fails to transform stays as it was; the failure is counted and logged once per type. */
  private final class FailureListener extends AgentBuilder.Listener.Adapter {
    @Override
    public void onTransformation(
        TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded, DynamicType dynamicType) {
      transformedTypes.increment();
      LOG.debug("type_transformed", "type", type.getName());
    }

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
      transformErrors.increment();
      LOG.once(
          AgentLog.Level.WARN,
          "transform:" + typeName,
          "transform_failed",
          error,
          "type",
          typeName,
          "consequence",
          "the class runs uninstrumented");
    }
  }
}
