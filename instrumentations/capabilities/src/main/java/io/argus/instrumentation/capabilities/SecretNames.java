package io.argus.instrumentation.capabilities;

import java.util.regex.Pattern;

/** Recognises parameter and attribute names whose values must never be recorded, whatever a rule asks. */
final class SecretNames {
  private static final Pattern SECRET =
      Pattern.compile(
          ".*(passw|passphrase|pwd|secret|token|credential|auth|api_?key|access_?key|private_?key|cookie"
              + "|session|signature|ssn|card_?number|cvv).*",
          Pattern.CASE_INSENSITIVE);

  private SecretNames() {}

  static boolean looksSecret(String name) {
    return name != null && SECRET.matcher(name.replace("-", "_")).matches();
  }
}
