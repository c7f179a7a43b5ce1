package io.argus.instrumentation.capabilities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.bootstrap.capabilities.CapabilitySwitches;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the control endpoint's ids name capability rules. */
class CapabilitySwitchGroupTest {
  private static final List<CapabilityRule> RULES = CapabilityRuleSet.parse(List.of(
      "com.acme.agents.ResearchAgent[research,plan]", "com.acme.Agent+[execute] agent=field:name")).rules();

  @AfterEach
  void switchEverythingBackOn() {
    CapabilitySwitches.set(CapabilitySwitches.ANNOTATIONS, true);
  }

  @Test
  void aRuleIsNamedByItsIndexOrItsExactText() {
    assertThat(CapabilitySwitchGroup.resolve("0", RULES)).isEqualTo(0);
    assertThat(CapabilitySwitchGroup.resolve("1", RULES)).isEqualTo(1);
    assertThat(CapabilitySwitchGroup.resolve("com.acme.Agent+[execute] agent=field:name", RULES)).isEqualTo(1);
    assertThat(CapabilitySwitchGroup.resolve(" com.acme.agents.ResearchAgent[research,plan] ", RULES)).isEqualTo(0);
  }

  @Test
  void annotationsNamesTheWithSpanMethods() {
    assertThat(CapabilitySwitchGroup.resolve("annotations", RULES)).isEqualTo(CapabilitySwitches.ANNOTATIONS);
  }

  @Test
  void anIndexBeyondTheRulesIsUnknownAndTheMessageSaysWhichExist() {
    assertThatThrownBy(() -> CapabilitySwitchGroup.resolve("2", RULES))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("no capability rule number 2: rules are numbered 0 to 1 (as /status shows them) or named by their "
            + "exact text; 'annotations' names the @WithSpan methods");
    assertThatThrownBy(() -> CapabilitySwitchGroup.resolve("0", List.of()))
        .hasMessageStartingWith("no capability rule number 0: no rule is configured");
  }

  @Test
  void aTextThatIsNoRuleIsUnknown() {
    assertThatThrownBy(() -> CapabilitySwitchGroup.resolve("com.acme.agents.ResearchAgent[research]", RULES))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageStartingWith("no capability rule 'com.acme.agents.ResearchAgent[research]': rules are numbered");
    assertThatThrownBy(() -> CapabilitySwitchGroup.resolve("-1", RULES)).isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(() -> CapabilitySwitchGroup.resolve("99999999999", RULES))
        .isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void switchingReportsTheNewStateAndWhetherItChanged() {
    assertThat(CapabilitySwitchGroup.INSTANCE.set("annotations", false))
        .containsEntry("capability", "annotations").containsEntry("enabled", false).containsEntry("changed", true);
    assertThat(CapabilitySwitches.isRuleOn(CapabilitySwitches.ANNOTATIONS)).isFalse();
    assertThat(CapabilitySwitchGroup.INSTANCE.set("annotations", false)).containsEntry("changed", false);
    assertThat(CapabilitySwitchGroup.INSTANCE.set("annotations", true)).containsEntry("enabled", true)
        .containsEntry("changed", true);
  }
}
