package io.argus.agent.export;

import io.argus.agent.json.JsonWriter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintStream;
import java.util.Collection;

/**
 * Writes each finished span as one JSON object per line: the zero-config output, so that a bare {@code -javaagent}
 * shows something, and easy to feed to {@code jq} or a log shipper. Runs on the export thread only.
 *
 * <p>One line per span in the {@link SpanJson} shape.
 */
public final class JsonLinesSpanExporter implements SpanExporter {
  private final PrintStream out;
  private final boolean closeOnShutdown;

  public JsonLinesSpanExporter(PrintStream out, boolean closeOnShutdown) {
    this.out = out;
    this.closeOnShutdown = closeOnShutdown;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    StringBuilder text = new StringBuilder(spans.size() * 512);
    for (SpanData span : spans) {
      SpanJson.write(new JsonWriter(text), span);
      text.append('\n');
    }
    // One write per batch: the whole batch appears contiguously even if the application writes to stdout too.
    out.print(text);
    out.flush();
    return out.checkError()
        ? CompletableResultCode.ofExceptionalFailure(new java.io.IOException("span output stream failed"))
        : CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode flush() {
    out.flush();
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    out.flush();
    if (closeOnShutdown) {
      out.close();
    }
    return CompletableResultCode.ofSuccess();
  }
}
