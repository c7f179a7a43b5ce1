package io.argus.agent.install;

import io.argus.agent.log.AgentLog;
import io.argus.instrumentation.api.ArgusInstrumentation;
import io.argus.instrumentation.api.RuntimeSwitches;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

/**
 * Switches whole instrumentations off and on while the application runs (the {@code instrumentations} group of
 * {@link RuntimeSwitches}). Each installed instrumentation's matcher is wrapped in a {@link Switch}: off, it declines
 * every type, and the loaded classes it matches are retransformed, which gives them back their original code (the
 * other instrumentations' advice is applied again as usual); on, the same classes are retransformed with its advice.
 * No advice checks anything, so an instrumentation costs nothing extra per call for being switchable; the price is
 * paid at the switch, by the retransformation (see docs/performance.md, "Switching instrumentations at run time").
 */
public final class InstrumentationSwitches implements RuntimeSwitches.Group {
  static final String GROUP = "instrumentations";
  private static final AgentLog LOG = AgentLog.get("control");

  private final Instrumentation instrumentation;
  private final ElementMatcher<TypeDescription> ignored;
  private final Map<String, Switch> switches = new LinkedHashMap<String, Switch>();
  private List<String> disabledAtStartUp = Collections.emptyList();

  InstrumentationSwitches(Instrumentation instrumentation, ElementMatcher<TypeDescription> ignored) {
    this.instrumentation = instrumentation;
    this.ignored = ignored;
  }

  /** The matcher to install for {@code each}: its own matchers, behind its switch. */
  synchronized AgentBuilder.RawMatcher add(ArgusInstrumentation each) {
    Switch added =
        new Switch(
            new AgentBuilder.RawMatcher.ForElementMatchers(
                each.typeMatcher(), each.classLoaderMatcher(), ElementMatchers.<JavaModule>any()));
    switches.put(each.name(), added);
    return added;
  }

  synchronized void disabledAtStartUp(List<String> names) {
    disabledAtStartUp = names;
  }

  /** Instrumentations installed but switched off at run time. */
  public synchronized List<String> switchedOff() {
    List<String> off = new ArrayList<String>();
    for (Map.Entry<String, Switch> entry : switches.entrySet()) {
      if (!entry.getValue().on) {
        off.add(entry.getKey());
      }
    }
    return off;
  }

  @Override
  public synchronized Object state() {
    List<Object> state = new ArrayList<Object>();
    for (Map.Entry<String, Switch> entry : switches.entrySet()) {
      Map<String, Object> one = new LinkedHashMap<String, Object>();
      one.put("instrumentation", entry.getKey());
      one.put("enabled", entry.getValue().on);
      state.add(one);
    }
    for (String name : disabledAtStartUp) {
      Map<String, Object> one = new LinkedHashMap<String, Object>();
      one.put("instrumentation", name);
      one.put("enabled", false);
      one.put("switchable", false);
      state.add(one);
    }
    return state;
  }

  /**
   * Runs on the endpoint's thread, one switch at a time. Classes being loaded during the switch follow the new state
   * as soon as it is set; the retransformation takes care of those loaded before.
   */
  @Override
  public synchronized Map<String, Object> set(String id, boolean on) {
    String name = id.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    Switch target = switches.get(name);
    if (target == null) {
      if (disabledAtStartUp.contains(name)) {
        throw new IllegalStateException("instrumentation '" + name + "' was disabled at start-up (otel.instrumentation."
            + name + ".enabled=false), so it is not installed; enable it in the configuration and restart");
      }
      throw new NoSuchElementException("no instrumentation '" + name + "'; installed: " + switches.keySet());
    }
    Map<String, Object> result = new LinkedHashMap<String, Object>();
    result.put("instrumentation", name);
    result.put("enabled", on);
    result.put("changed", target.on != on);
    if (target.on != on) {
      target.on = on;
      retransform(target, result);
    }
    return result;
  }

  /** Retransforms the loaded classes the instrumentation matches; how many and how long go into {@code result}. */
  private void retransform(Switch target, Map<String, Object> result) {
    long start = System.nanoTime();
    List<Class<?>> classes = new ArrayList<Class<?>>();
    for (Class<?> type : instrumentation.getAllLoadedClasses()) {
      if (instrumentation.isModifiableClass(type) && target.matchesLoaded(type, ignored)) {
        classes.add(type);
      }
    }
    long matched = System.nanoTime();
    int failed = 0;
    if (!classes.isEmpty()) {
      try {
        instrumentation.retransformClasses(classes.toArray(new Class<?>[0]));
      } catch (Throwable batchFailure) {
        // One class the JVM refuses must not keep the others in their old state: go one by one.
        failed = retransformOneByOne(classes);
      }
    }
    long end = System.nanoTime();
    result.put("retransformed_classes", classes.size() - failed);
    result.put("failed_classes", failed);
    result.put("scan_ms", (matched - start) / 1_000_000L);
    result.put("retransform_ms", (end - matched) / 1_000_000L);
  }

  private int retransformOneByOne(List<Class<?>> classes) {
    int failed = 0;
    for (Class<?> type : classes) {
      try {
        instrumentation.retransformClasses(type);
      } catch (Throwable t) {
        failed++;
        LOG.once(AgentLog.Level.WARN, "retransform:" + type.getName(), "retransform_failed", t, "type", type.getName(),
            "consequence", "this class keeps its previous instrumentation state");
      }
    }
    return failed;
  }

  /** An instrumentation's matcher behind an on/off switch read at every class load it is asked about. */
  static final class Switch implements AgentBuilder.RawMatcher {
    private final AgentBuilder.RawMatcher matcher;
    volatile boolean on = true;

    Switch(AgentBuilder.RawMatcher matcher) {
      this.matcher = matcher;
    }

    @Override
    public boolean matches(
        TypeDescription type,
        ClassLoader loader,
        JavaModule module,
        Class<?> classBeingRedefined,
        ProtectionDomain protectionDomain) {
      return on && matcher.matches(type, loader, module, classBeingRedefined, protectionDomain);
    }

    /** Whether the instrumentation, switched on or not, takes this loaded class. */
    boolean matchesLoaded(Class<?> type, ElementMatcher<TypeDescription> ignored) {
      try {
        TypeDescription description = TypeDescription.ForLoadedType.of(type);
        return !ignored.matches(description)
            && matcher.matches(
                description, type.getClassLoader(), JavaModule.ofType(type), type, type.getProtectionDomain());
      } catch (Throwable t) {
        return false; // e.g. a class whose hierarchy cannot be resolved: Byte Buddy would not transform it either
      }
    }
  }
}
