package io.argus.agent.install;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.argus.agent.log.AgentLog;
import io.argus.bootstrap.ArgusTracer;
import io.argus.instrumentation.api.ArgusInstrumentation;
import io.argus.instrumentation.api.ClassFileHints;
import io.argus.instrumentation.api.InstrumentationSettings;
import io.argus.instrumentation.api.RuntimeSwitches;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.Charset;
import java.util.Enumeration;
import java.util.concurrent.atomic.LongAdder;
import net.bytebuddy.agent.builder.AdviceOnlyAgentBuilder;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Finds the bundled {@link ArgusInstrumentation}s and installs the enabled ones with one Byte Buddy
 * {@link AgentBuilder}: advice is inlined without changing class formats, so classes that are already loaded can be
 * retransformed too. The agent's own classes, Byte Buddy and the JDK's internals (but for two classes of the JDK
 * HttpClient's implementation) are never matched.
 */
public final class InstrumentationInstaller {
  private static final AgentLog LOG = AgentLog.get("install");
  private static final String SERVICE_FILE = "META-INF/services/" + ArgusInstrumentation.class.getName();

  /**
   * Types no instrumentation may touch. Names only: Byte Buddy's default also ignores synthetic types, but
   * isSynthetic() would parse every class the JVM loads, in every class loader, before any instrumentation could
   * reject it by name or class loader (capability rules, which match by name, leave synthetic types alone themselves).
   */
  private static final ElementMatcher.Junction<TypeDescription> IGNORED =
      // The agent itself (its relocated libraries included), not everything under io.argus: the demo
      // and test applications live there too and must be instrumented like any application.
      nameStartsWith("io.argus.agent.")
          .or(nameStartsWith("io.argus.bootstrap."))
          .or(nameStartsWith("io.argus.shaded."))
          .or(nameStartsWith("io.argus.instrumentation."))
          .or(nameStartsWith("net.bytebuddy."))
          // but for the two classes of the JDK HttpClient's implementation that jdk-httpclient hooks: its
          // public API is interfaces and abstract classes, so there is nowhere else to hook it.
          .or(
              nameStartsWith("jdk.internal.")
                  .and(
                      not(
                          named("jdk.internal.net.http.HttpClientImpl")
                              .or(named("jdk.internal.net.http.HttpRequestImpl")))))
          .or(nameStartsWith("sun.reflect."))
          .or(nameStartsWith("com.sun.proxy."));

  /** Decides whether an instrumentation is enabled (otel.instrumentation.NAME.enabled). */
  public interface EnabledCheck {
    boolean isEnabled(String name);
  }

  /** Installs the enabled instrumentations, each configured with {@code settings} first. */
  public void install(
      Instrumentation instrumentation,
      ClassLoader agentLoader,
      EnabledCheck enabledCheck,
      InstrumentationSettings settings) {
    this.settings = settings;
    install(instrumentation, agentLoader, enabledCheck);
  }

  private InstrumentationSettings settings;
  private InstrumentationSwitches switches;

  private volatile ClassFilePrefilter prefilter;
  private final LongAdder transformErrors = new LongAdder();
  private final LongAdder unresolvableTypes = new LongAdder();
  private final LongAdder transformedTypes = new LongAdder();
  private volatile List<String> installed = Collections.emptyList();
  private volatile List<String> disabled = Collections.emptyList();

  public void install(Instrumentation instrumentation, ClassLoader agentLoader, EnabledCheck enabledCheck) {
    List<ArgusInstrumentation> enabled = new ArrayList<ArgusInstrumentation>();
    List<String> off = new ArrayList<String>();
    for (ArgusInstrumentation candidate : bundledInstrumentations(agentLoader)) {
      if (enabledCheck.isEnabled(candidate.name())) {
        enabled.add(candidate);
      } else {
        off.add(candidate.name());
      }
    }
    disabled = Collections.unmodifiableList(off);
    switches = new InstrumentationSwitches(instrumentation, IGNORED);
    switches.disabledAtStartUp(disabled);
    RuntimeSwitches.publish(InstrumentationSwitches.GROUP, switches);
    if (enabled.isEmpty()) {
      LOG.info("instrumentation_none", "disabled", off);
      return;
    }
    // Type descriptions shared across class loads, bounded, swept of unused ones; they reach class loaders only weakly.
    TypeDescriptionCache typeDescriptions = new TypeDescriptionCache();
    typeDescriptions.startSweeping();
    AgentBuilder builder =
        new AdviceOnlyAgentBuilder()
            .with(typeDescriptions)
            .with(AgentBuilder.LocationStrategy.ForClassLoader.WEAK)
            // Classes already loaded (an attach at runtime, JDK classes) are retransformed in batches; one class the
            // JVM refuses must not leave the rest of its batch uninstrumented, nor go unnoticed: split and report.
            // (RETRANSFORMATION is the builder's strategy already; naming it again is how its listener is set.)
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(
                new AgentBuilder.RedefinitionStrategy.Listener.Compound(
                    AgentBuilder.RedefinitionStrategy.Listener.BatchReallocator.splitting(),
                    new RetransformFailureListener()))
            .with(new FailureListener())
            // Instrumented classes in named JDK modules (jdk.httpserver, java.net.http, ...) must be able to read
            // the unnamed module of the bootstrap class path, where the advice's helpers live.
            .assureReadEdgeTo(instrumentation, ArgusTracer.class)
            .ignore(IGNORED);
    List<String> names = new ArrayList<String>();
    List<ClassFileHints> hints = new ArrayList<ClassFileHints>();
    for (ArgusInstrumentation each : enabled) {
      try {
        if (settings != null) {
          each.configure(settings);
        }
        AgentBuilder.Transformer transformer = each.transformer();
        ClassFileHints wanted = each.classFileHints();
        builder = builder.type(switches.add(each)).transform(transformer);
        hints.add(wanted);
        names.add(each.name());
      } catch (Throwable t) {
        LOG.error("instrumentation_setup_failed", t, "instrumentation", each.name(), "consequence", "it stays off");
      }
    }
    // Classes loaded from now on reach Byte Buddy only if some instrumentation's hints accept their bytes.
    prefilter = new ClassFilePrefilter(hints);
    builder.with(prefilter).installOn(instrumentation);
    installed = Collections.unmodifiableList(names);
    LOG.info("instrumentation_installed", "instrumentations", names, "disabled", off);
  }

  /**
   * The instrumentations listed in the agent jar's service file. Read directly rather than with
   * {@link java.util.ServiceLoader}, which would also scan every JDK module at start-up for nothing.
   */
  static List<ArgusInstrumentation> bundledInstrumentations(ClassLoader agentLoader) {
    List<ArgusInstrumentation> result = new ArrayList<ArgusInstrumentation>();
    try {
      Enumeration<URL> files = agentLoader.getResources(SERVICE_FILE);
      while (files.hasMoreElements()) {
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(files.nextElement().openStream(), Charset.forName("UTF-8")));
        try {
          String line;
          while ((line = reader.readLine()) != null) {
            int comment = line.indexOf('#');
            String name = (comment >= 0 ? line.substring(0, comment) : line).trim();
            if (name.isEmpty()) {
              continue;
            }
            try {
              result.add((ArgusInstrumentation) Class.forName(name, true, agentLoader).getConstructor().newInstance());
            } catch (Throwable t) {
              LOG.error("instrumentation_load_failed", t, "class", name, "consequence", "this instrumentation is off");
            }
          }
        } finally {
          reader.close();
        }
      }
    } catch (IOException e) {
      LOG.error("instrumentation_list_unreadable", e, "consequence", "no instrumentation installed");
    }
    return result;
  }

  /** The runtime switches of the installed instrumentations; null before {@link #install}. */
  public InstrumentationSwitches switches() {
    return switches;
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

  /** Classes loaded since start-up that no instrumentation's {@link ClassFileHints} accepted: never parsed. */
  public long skippedTypes() {
    ClassFilePrefilter current = prefilter;
    return current == null ? 0 : current.skipped();
  }

  /** Types left alone because a type in their hierarchy is missing from the class path (see FailureListener). */
  public long unresolvableTypes() {
    return unresolvableTypes.sum();
  }

  /**
   * A retransformation the JVM rejected (the class stays as it was loaded). A failed batch of several classes is split
   * and retried by the reallocator, so only a single class that still fails is counted and logged, once per class.
   */
  private final class RetransformFailureListener extends AgentBuilder.RedefinitionStrategy.Listener.Adapter {
    @Override
    public Iterable<? extends List<Class<?>>> onError(
        int index, List<Class<?>> batch, Throwable throwable, List<Class<?>> types) {
      if (batch.size() == 1) {
        transformErrors.increment();
        String typeName = batch.get(0).getName();
        LOG.once(
            AgentLog.Level.WARN,
            "retransform:" + typeName,
            "retransform_failed",
            throwable,
            "type",
            typeName,
            "consequence",
            "the class runs uninstrumented");
      }
      return Collections.emptyList();
    }
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
      if (error instanceof TypePool.Resolution.NoSuchTypeException) {
        // A type the matchers need is absent from the class path, almost always a super type or interface from an
        // optional dependency the application does not have: the JVM cannot define such a class either, agent or
        // not. Not our failure; counted apart so that transform_errors keeps meaning "Argus broke something".
        unresolvableTypes.increment();
        LOG.debug("type_unresolvable", "type", typeName, "error", String.valueOf(error.getMessage()));
        return;
      }
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
