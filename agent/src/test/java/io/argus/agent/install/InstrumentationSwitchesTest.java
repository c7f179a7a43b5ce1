package io.argus.agent.install;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.instrumentation.api.ArgusInstrumentation;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import org.junit.jupiter.api.Test;

/** The switch logic; the retransformation itself is exercised with a real JVM by RuntimeControlTest (smoke-tests). */
class InstrumentationSwitchesTest {
  private final InstrumentationSwitches switches = new InstrumentationSwitches(null, none());

  @Test
  void anUnknownInstrumentationIsNamedWithTheInstalledOnes() {
    switches.add(instrumentation("jdbc"));
    switches.add(instrumentation("jdk-httpserver"));

    assertThatThrownBy(() -> switches.set("jdcb", false))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("no instrumentation 'jdcb'; installed: [jdbc, jdk-httpserver]");
  }

  @Test
  void anInstrumentationDisabledAtStartUpCannotBeSwitchedOnAndSaysWhy() {
    switches.add(instrumentation("jdbc"));
    switches.disabledAtStartUp(List.of("okhttp"));

    assertThatThrownBy(() -> switches.set("okhttp", true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("instrumentation 'okhttp' was disabled at start-up (otel.instrumentation.okhttp.enabled=false), "
            + "so it is not installed; enable it in the configuration and restart");
  }

  @Test
  void namesMatchLikeTheEnabledSettingsCaseAndUnderscoresAside() {
    switches.add(instrumentation("jdk-httpserver"));

    Map<String, Object> result = switches.set(" JDK_HttpServer ", true);

    assertThat(result).containsEntry("instrumentation", "jdk-httpserver").containsEntry("enabled", true)
        .containsEntry("changed", false);
  }

  @Test
  void aSwitchedOffMatcherDeclinesEveryType() {
    AgentBuilder.RawMatcher matcher = switches.add(instrumentation("jdbc"));
    InstrumentationSwitches.Switch theSwitch = (InstrumentationSwitches.Switch) matcher;
    TypeDescription matching = TypeDescription.ForLoadedType.of(String.class);

    assertThat(matcher.matches(matching, null, null, null, null)).isTrue();
    theSwitch.on = false;
    assertThat(matcher.matches(matching, null, null, null, null)).isFalse();
    assertThat(theSwitch.matchesLoaded(String.class, none())).as("loaded classes are still found").isTrue();
    assertThat(theSwitch.matchesLoaded(String.class, named("java.lang.String"))).as("unless ignored").isFalse();
    assertThat(switches.switchedOff()).containsExactly("jdbc");
  }

  @Test
  void theStateListsEveryInstrumentationAndMarksThoseDisabledAtStartUp() {
    switches.add(instrumentation("jdbc"));
    switches.disabledAtStartUp(List.of("okhttp"));

    assertThat(switches.state()).isEqualTo(List.of(
        Map.of("instrumentation", "jdbc", "enabled", true),
        Map.of("instrumentation", "okhttp", "enabled", false, "switchable", false)));
  }

  private static ArgusInstrumentation instrumentation(String name) {
    return new ArgusInstrumentation() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public ElementMatcher<? super TypeDescription> typeMatcher() {
        return named("java.lang.String");
      }

      @Override
      public AgentBuilder.Transformer transformer() {
        return (builder, type, loader, module, domain) -> builder;
      }
    };
  }
}
