package io.argus.instrumentation.capabilities;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretNamesTest {
  @ParameterizedTest
  @ValueSource(strings = {"password", "userPassword", "passwd", "pwd", "clientSecret", "apiToken", "accessToken",
      "credentials", "authHeader", "apiKey", "api_key", "api-key", "privateKey", "sessionId", "cookie", "signature",
      "cardNumber", "cvv"})
  void namesThatLookSecretAreRecognised(String name) {
    assertThat(SecretNames.looksSecret(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"query", "user", "symbol", "cacheKey", "keyword", "pages", "docId"})
  void ordinaryNamesAreNot(String name) {
    assertThat(SecretNames.looksSecret(name)).isFalse();
  }
}
