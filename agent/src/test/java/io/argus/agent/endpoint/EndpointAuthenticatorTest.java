package io.argus.agent.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointAuthenticatorTest {
  private static final List<String> PROBES = List.of("/health", "/ready");

  private static String basic(String userAndPassword) {
    return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void withoutAnyCredentialConfiguredThereIsNoAuthenticator() {
    assertThat(EndpointAuthenticator.of(null, null, null, PROBES)).isNull();
  }

  @Test
  void basicCredentialsAreAcceptedOnlyWhenBothPartsMatch() {
    EndpointAuthenticator auth = EndpointAuthenticator.of("prom", "pä55:word", null, PROBES);

    assertThat(auth.accepts(basic("prom:pä55:word"))).isTrue();
    assertThat(auth.accepts("basic " + basic("prom:pä55:word").substring(6))).as("scheme is case-insensitive")
        .isTrue();
    assertThat(auth.accepts(basic("prom:pä55:wore"))).isFalse();
    assertThat(auth.accepts(basic("prom:"))).isFalse();
    assertThat(auth.accepts(basic("other:pä55:word"))).isFalse();
    assertThat(auth.accepts("Basic not-base64!")).isFalse();
    assertThat(auth.accepts("Bearer pä55:word")).as("no token configured").isFalse();
    assertThat(auth.accepts(null)).isFalse();
    assertThat(auth.schemes()).isEqualTo("basic");
  }

  @Test
  void aBearerTokenMustMatchExactly() {
    EndpointAuthenticator auth = EndpointAuthenticator.of(null, null, "t0ken", PROBES);

    assertThat(auth.accepts("Bearer t0ken")).isTrue();
    assertThat(auth.accepts("Bearer t0ken2")).isFalse();
    assertThat(auth.accepts("Bearer ")).isFalse();
    assertThat(auth.accepts("Bearert0ken")).isFalse();
    assertThat(auth.accepts(basic("x:t0ken"))).isFalse();
    assertThat(auth.schemes()).isEqualTo("bearer");
  }

  @Test
  void withBothConfiguredEitherIsAccepted() {
    EndpointAuthenticator auth = EndpointAuthenticator.of("u", "p", "t", PROBES);

    assertThat(auth.accepts(basic("u:p"))).isTrue();
    assertThat(auth.accepts("Bearer t")).isTrue();
    assertThat(auth.schemes()).isEqualTo("basic, bearer");
  }

  @Test
  void onlyTheOpenPathsThemselvesAreOpen() {
    EndpointAuthenticator auth = EndpointAuthenticator.of(null, null, "t", PROBES);

    assertThat(auth.isOpen("/health")).isTrue();
    assertThat(auth.isOpen("/ready")).isTrue();
    assertThat(auth.isOpen("/healthz")).isFalse();
    assertThat(auth.isOpen("/health/../status")).isFalse();
    assertThat(auth.isOpen("/metrics")).isFalse();
  }

  @Test
  void halfABasicPairFailsClosed() {
    EndpointAuthenticator usernameOnly = EndpointAuthenticator.of("prom", null, null, PROBES);

    assertThat(usernameOnly.incomplete()).isTrue();
    assertThat(usernameOnly.accepts(basic("prom:"))).isFalse();
    assertThat(usernameOnly.accepts(basic("prom:null"))).isFalse();
    assertThat(usernameOnly.accepts("Bearer null")).isFalse();
    assertThat(EndpointAuthenticator.of(null, "pw", null, PROBES).accepts(basic(":pw"))).isFalse();
  }
}
