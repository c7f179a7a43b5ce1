package io.argus.agent.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A backend for pipeline unit tests: keeps what it receives, can be told to fail or to never answer. */
final class RecordingSpanExporter implements SpanExporter {
  enum Mode {
    ACCEPT,
    FAIL,
    HANG
  }

  final List<SpanData> received = new CopyOnWriteArrayList<>();
  final List<CompletableResultCode> pending = new CopyOnWriteArrayList<>();
  volatile Mode mode = Mode.ACCEPT;
  volatile int exportCalls;

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    exportCalls++;
    switch (mode) {
      case FAIL:
        return CompletableResultCode.ofExceptionalFailure(new java.net.ConnectException("Connection refused"));
      case HANG:
        CompletableResultCode result = new CompletableResultCode();
        pending.add(result);
        return result;
      default:
        received.addAll(new ArrayList<>(spans));
        return CompletableResultCode.ofSuccess();
    }
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
