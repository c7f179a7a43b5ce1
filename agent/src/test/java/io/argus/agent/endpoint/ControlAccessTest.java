package io.argus.agent.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.agent.endpoint.ControlAccess.Refusal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class ControlAccessTest {
  private static final String TOKEN = "0123456789abcdef0123";
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void withoutAConfiguredTokenEveryRequestIsRefusedAsDisabled() {
    ControlAccess access = new ControlAccess(null, false);

    assertThat(access.enabled()).isFalse();
    assertThat(access.check(LOOPBACK, "Bearer " + TOKEN)).isEqualTo(Refusal.CONTROL_DISABLED);
    assertThat(new ControlAccess("", true).check(LOOPBACK, "Bearer ")).isEqualTo(Refusal.CONTROL_DISABLED);
    assertThat(Refusal.CONTROL_DISABLED.status).isEqualTo(403);
  }

  @Test
  void theRightBearerTokenFromLoopbackIsAccepted() {
    ControlAccess access = new ControlAccess(TOKEN, false);

    assertThat(access.check(LOOPBACK, "Bearer " + TOKEN)).isNull();
    assertThat(access.check(LOOPBACK, "bearer   " + TOKEN + " ")).isNull();
    assertThat(access.check(address("::1"), "BEARER " + TOKEN)).isNull();
  }

  @Test
  void aMissingOrNonBearerAuthorizationIsMissingCredentials() {
    ControlAccess access = new ControlAccess(TOKEN, false);

    assertThat(access.check(LOOPBACK, null)).isEqualTo(Refusal.NO_TOKEN);
    assertThat(access.check(LOOPBACK, "Basic dXNlcjpwYXNz")).isEqualTo(Refusal.NO_TOKEN);
    assertThat(access.check(LOOPBACK, "Bearer")).isEqualTo(Refusal.NO_TOKEN);
    assertThat(access.check(LOOPBACK, "Bearer    ")).isEqualTo(Refusal.NO_TOKEN);
    assertThat(access.check(LOOPBACK, "Bearer" + TOKEN)).isEqualTo(Refusal.NO_TOKEN);
    assertThat(Refusal.NO_TOKEN.status).isEqualTo(401);
  }

  @Test
  void aWrongTokenIsRefusedWhateverItsLength() {
    ControlAccess access = new ControlAccess(TOKEN, false);

    assertThat(access.check(LOOPBACK, "Bearer " + TOKEN.substring(1))).isEqualTo(Refusal.WRONG_TOKEN);
    assertThat(access.check(LOOPBACK, "Bearer " + TOKEN + "x")).isEqualTo(Refusal.WRONG_TOKEN);
    assertThat(access.check(LOOPBACK, "Bearer " + TOKEN.toUpperCase())).isEqualTo(Refusal.WRONG_TOKEN);
    assertThat(Refusal.WRONG_TOKEN.status).isEqualTo(401);
  }

  @Test
  void anotherHostIsRefusedEvenWithTheTokenUnlessRemoteControlIsAllowed() {
    InetAddress remote = address("192.0.2.7");

    assertThat(new ControlAccess(TOKEN, false).check(remote, "Bearer " + TOKEN)).isEqualTo(Refusal.NOT_LOOPBACK);
    assertThat(new ControlAccess(TOKEN, false).check(null, "Bearer " + TOKEN)).isEqualTo(Refusal.NOT_LOOPBACK);
    assertThat(new ControlAccess(TOKEN, true).check(remote, "Bearer " + TOKEN)).isNull();
    assertThat(new ControlAccess(TOKEN, true).check(remote, "Bearer nope")).isEqualTo(Refusal.WRONG_TOKEN);
    assertThat(Refusal.NOT_LOOPBACK.status).isEqualTo(403);
  }

  @Test
  void noRefusalMessageContainsTheToken() {
    for (Refusal refusal : Refusal.values()) {
      assertThat(refusal.message).doesNotContain(TOKEN);
    }
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
