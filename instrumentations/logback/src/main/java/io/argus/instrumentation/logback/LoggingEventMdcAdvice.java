package io.argus.instrumentation.logback;

import io.argus.bootstrap.logging.LogCorrelation;
import java.util.Map;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code LoggingEvent.getMDCPropertyMap()}. Only the call that fills the event's {@code mdcPropertyMap}
 * field (the first) adds the trace fields; later calls return the same map.
 */
public final class LoggingEventMdcAdvice {
  private LoggingEventMdcAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static boolean enter(@Advice.FieldValue("mdcPropertyMap") Map<String, String> mdc) {
    return mdc == null;
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.Enter boolean firstCall,
      @Advice.FieldValue(value = "mdcPropertyMap", readOnly = false) Map<String, String> mdc,
      @Advice.Return(readOnly = false) Map<String, String> returned) {
    if (firstCall) {
      Map<String, String> withFields = LogCorrelation.withCurrentFields(returned, "logback");
      if (withFields != returned) {
        mdc = withFields;
        returned = withFields;
      }
    }
  }
}
