package io.argus.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The test JVM does not set argus.test.fault.injection: the hook must be inert, as in production. */
class FaultInjectionTest {
  @Test
  void withoutThePropertyNoSiteIsActiveAndNoSiteThrows() {
    assertThat(System.getProperty(FaultInjection.PROPERTY)).isNull();
    assertThat(FaultInjection.ON).isFalse();
    assertThat(FaultInjection.activeSites()).isEmpty();
    for (String site : FaultInjection.SITES) {
      FaultInjection.fail(site);
    }
  }
}
