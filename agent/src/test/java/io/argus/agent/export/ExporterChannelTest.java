package io.argus.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a channel reports while batches overlap: its state follows the newest batch, its counts every batch. */
class ExporterChannelTest {
  private final RecordingSpanExporter backend = new RecordingSpanExporter();
  private final ExporterChannel channel = new ExporterChannel("test", backend, 2, (exporter, seconds) -> {});
  private final List<SpanData> batch = List.of(SpanDataForTests.root("s", 1_000_000L, false));

  @Test
  void anOlderBatchFailingAfterANewerOneSucceededIsCountedButDoesNotMarkTheBackendFailing() {
    backend.mode = RecordingSpanExporter.Mode.HANG;
    channel.export(batch); // sent into the outage, still retrying
    backend.mode = RecordingSpanExporter.Mode.ACCEPT;
    channel.export(batch); // the backend is back
    backend.pending.get(0).fail();

    assertThat(channel.state()).isEqualTo(ExporterChannel.State.OK);
    assertThat(channel.droppedFailed()).isEqualTo(1);
    assertThat(channel.exported()).isEqualTo(1);
  }

  @Test
  void anOlderBatchSucceedingAfterANewerOneFailedDoesNotHideTheOutage() {
    backend.mode = RecordingSpanExporter.Mode.HANG;
    channel.export(batch); // sent just before the outage
    backend.mode = RecordingSpanExporter.Mode.FAIL;
    channel.export(batch);
    backend.pending.get(0).succeed();

    assertThat(channel.state()).isEqualTo(ExporterChannel.State.FAILING);
    assertThat(channel.exported()).isEqualTo(1);
    assertThat(channel.lastError()).contains("Connection refused");
  }

  @Test
  void aNewerSuccessEndsTheFailingState() {
    backend.mode = RecordingSpanExporter.Mode.FAIL;
    channel.export(batch);
    backend.mode = RecordingSpanExporter.Mode.ACCEPT;
    channel.export(batch);

    assertThat(channel.state()).isEqualTo(ExporterChannel.State.OK);
    assertThat(channel.failedExports()).isEqualTo(1);
  }

  @Test
  void beyondTheInFlightLimitBatchesAreDroppedAsBusy() {
    backend.mode = RecordingSpanExporter.Mode.HANG;
    channel.export(batch);
    channel.export(batch);
    channel.export(batch);

    assertThat(channel.inFlight()).isEqualTo(2);
    assertThat(channel.droppedBusy()).isEqualTo(1);
  }
}
