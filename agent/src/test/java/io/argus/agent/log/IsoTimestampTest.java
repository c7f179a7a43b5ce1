package io.argus.agent.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoTimestampTest {
  @Test
  void formatsLikeInstantWithMillisecondsForAnyDate() {
    SplittableRandom random = new SplittableRandom(7);
    long[] fixed = {0L, 951_782_400_000L /* 2000-02-29 */, 4_102_444_800_000L /* 2100-01-01 */, -1L};
    for (long millis : fixed) {
      assertThat(IsoTimestamp.format(millis)).isEqualTo(iso(millis));
    }
    for (int i = 0; i < 10_000; i++) {
      long millis = random.nextLong(0, 8_000_000_000_000L); // 1970 .. 2223
      assertThat(IsoTimestamp.format(millis)).isEqualTo(iso(millis));
    }
  }

  private static String iso(long millis) {
    String text = Instant.ofEpochMilli(millis).toString(); // omits ".000" on whole seconds
    return text.length() == 20 ? text.substring(0, 19) + ".000Z" : text;
  }
}
