package io.argus.smoke;

import io.argus.smoke.harness.OtlpHttpReceiver;
import java.time.Duration;

/** Each way an OTLP receiver can fail, and how the test brings it about. */
enum ReceiverFault {
  DOWN_FROM_START,
  DIES_MID_RUN,
  HTTP_500,
  HTTP_503,
  HTTP_429_WITH_RETRY_AFTER,
  ACCEPTS_BUT_NEVER_ANSWERS,
  ANSWERS_GARBAGE;

  void apply(OtlpHttpReceiver receiver) {
    switch (this) {
      case DOWN_FROM_START, DIES_MID_RUN -> receiver.stop();
      case HTTP_500 -> receiver.respondWithStatus(500);
      case HTTP_503 -> receiver.respondWithStatus(503);
      // A Retry-After far beyond the 1 s export timeout: the exporter must not hold the batch that long.
      case HTTP_429_WITH_RETRY_AFTER -> receiver.respondWithStatus(429, Duration.ofSeconds(30));
      case ACCEPTS_BUT_NEVER_ANSWERS -> receiver.stall();
      case ANSWERS_GARBAGE -> receiver.answerGarbage();
    }
  }

  void recover(OtlpHttpReceiver receiver) {
    receiver.respondNormally();
    receiver.start();
  }
}
