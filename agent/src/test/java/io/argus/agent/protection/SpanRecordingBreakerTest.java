package io.argus.agent.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The breaker's decisions, driven by explicit drop counts, heap ratios and times. */
class SpanRecordingBreakerTest {
  private static final long WINDOW = 10_000;

  private final List<String> switches = new ArrayList<>();
  private long drops;
  private double heap = Double.NaN;

  private final SpanRecordingBreaker breaker =
      new SpanRecordingBreaker(
          new SpanRecordingBreaker.RecordingSwitch() {
            @Override
            public void pause() {
              switches.add("pause");
            }

            @Override
            public void resume() {
              switches.add("resume");
            }
          },
          () -> drops,
          () -> heap,
          1000,
          WINDOW,
          0.9,
          0.75);

  @Test
  void dropsBelowTheThresholdWithinAWindowKeepRecording() {
    breaker.check(0);
    drops = 999;
    breaker.check(9_000);

    assertThat(breaker.pausedFor()).isNull();
    assertThat(switches).isEmpty();
  }

  @Test
  void dropsReachingTheThresholdWithinAWindowPauseRecording() {
    breaker.check(0);
    drops = 1000;
    breaker.check(2_000);

    assertThat(breaker.pausedFor()).isEqualTo(SpanRecordingBreaker.Reason.QUEUE_OVERFLOW);
    assertThat(breaker.pauseDetail()).contains("1000 spans dropped");
    assertThat(breaker.pauses(SpanRecordingBreaker.Reason.QUEUE_OVERFLOW)).isEqualTo(1);
    assertThat(switches).containsExactly("pause");
  }

  @Test
  void dropsSpreadOverSeveralWindowsDoNotAddUp() {
    breaker.check(0);
    drops = 600;
    breaker.check(10_000); // the first window ends with 600 drops
    drops = 1200;
    breaker.check(15_000); // 600 more in the second one

    assertThat(breaker.pausedFor()).isNull();
  }

  @Test
  void aQueuePauseEndsAfterOneWholeWindowAndDropsBeforeItDoNotCountAgain() {
    breaker.check(0);
    drops = 5000;
    breaker.check(1_000);
    breaker.check(10_999);
    assertThat(breaker.pausedFor()).isEqualTo(SpanRecordingBreaker.Reason.QUEUE_OVERFLOW);

    breaker.check(11_000);
    breaker.check(12_000);

    assertThat(breaker.pausedFor()).isNull();
    assertThat(switches).containsExactly("pause", "resume");
  }

  @Test
  void overflowThatGoesOnAfterResumingPausesAgain() {
    breaker.check(0);
    drops = 5000;
    breaker.check(1_000);
    breaker.check(11_000);
    drops = 6000;
    breaker.check(12_000);

    assertThat(switches).containsExactly("pause", "resume", "pause");
    assertThat(breaker.pauses(SpanRecordingBreaker.Reason.QUEUE_OVERFLOW)).isEqualTo(2);
  }

  @Test
  void heapAfterGcAtTheThresholdPausesRecordingUntilItFallsBelowTheResumeRatio() {
    breaker.check(0);
    heap = 0.92;
    breaker.check(1_000);
    assertThat(breaker.pausedFor()).isEqualTo(SpanRecordingBreaker.Reason.HEAP_PRESSURE);
    assertThat(breaker.pauseDetail()).contains("92%");

    heap = 0.8; // below the pause threshold, not yet below the resume one
    breaker.check(60_000);
    assertThat(breaker.pausedFor()).isEqualTo(SpanRecordingBreaker.Reason.HEAP_PRESSURE);

    heap = 0.5;
    breaker.check(61_000);
    assertThat(breaker.pausedFor()).isNull();
    assertThat(switches).containsExactly("pause", "resume");
  }

  @Test
  void anUnknownHeapRatioNeverPauses() {
    heap = Double.NaN;
    breaker.check(0);
    breaker.check(1_000);

    assertThat(switches).isEmpty();
  }

  @Test
  void heapPressureDuringAQueuePauseKeepsRecordingPausedUntilTheHeapRecovers() {
    breaker.check(0);
    drops = 5000;
    breaker.check(1_000);
    heap = 0.95;
    breaker.check(2_000);
    breaker.check(30_000); // the queue window is long over, but the heap is not better

    assertThat(breaker.pausedFor()).isEqualTo(SpanRecordingBreaker.Reason.HEAP_PRESSURE);
    heap = 0.3;
    breaker.check(31_000);
    assertThat(switches).containsExactly("pause", "resume");
  }

  @Test
  void zeroDropsThresholdAndARatioOfOneTurnTheConditionsOff() {
    SpanRecordingBreaker off =
        new SpanRecordingBreaker(
            new SpanRecordingBreaker.RecordingSwitch() {
              @Override
              public void pause() {
                switches.add("pause");
              }

              @Override
              public void resume() {
                switches.add("resume");
              }
            },
            () -> drops,
            () -> heap,
            0,
            WINDOW,
            1.0,
            0.75);
    off.check(0);
    drops = 1_000_000;
    heap = 1.0;
    off.check(1_000);

    assertThat(switches).isEmpty();
  }

  @Test
  void aStoppedBreakerNoLongerChangesRecording() {
    breaker.check(0);
    breaker.stop();
    drops = 5000;
    breaker.check(1_000);

    assertThat(switches).isEmpty();
  }

  @Test
  void theResumeRatioNeverExceedsThePauseRatio() {
    SpanRecordingBreaker odd =
        new SpanRecordingBreaker(
            new SpanRecordingBreaker.RecordingSwitch() {
              @Override
              public void pause() {}

              @Override
              public void resume() {}
            },
            () -> 0,
            () -> 0.0,
            10,
            WINDOW,
            0.6,
            0.8);

    assertThat(odd.heapResumeRatio()).isEqualTo(0.6);
  }

  @Test
  void checksFiveTimesPerWindowBetweenEveryTenthAndEveryWholeSecond() {
    assertThat(breaker.checkIntervalMillis()).isEqualTo(1000);
  }
}
