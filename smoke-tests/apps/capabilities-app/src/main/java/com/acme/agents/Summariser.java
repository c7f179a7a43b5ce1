package com.acme.agents;

import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;

/** Declares its capability in code, with OpenTelemetry's annotations; the app has no OpenTelemetry SDK. */
public class Summariser {
  @WithSpan("summarise")
  public String summarise(@SpanAttribute("document.id") String documentId, @SpanAttribute String apiToken) {
    return "summary of " + documentId;
  }
}
