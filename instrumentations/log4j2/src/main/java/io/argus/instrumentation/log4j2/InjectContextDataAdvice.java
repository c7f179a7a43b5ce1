package io.argus.instrumentation.log4j2;

import io.argus.bootstrap.InstrumentationErrors;
import io.argus.bootstrap.logging.LogCorrelation;
import org.apache.logging.log4j.core.impl.ContextDataFactory;
import org.apache.logging.log4j.util.StringMap;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into each {@code ContextDataInjector.injectContextData(List<Property>, StringMap)}. The injector may return
 * the ThreadContext's own frozen map (shared, copy-on-write): then the event gets a copy with the fields added, put in
 * the event's reusable map when that one can take it.
 */
public final class InjectContextDataAdvice {
  private InjectContextDataAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.Argument(1) StringMap reusable, @Advice.Return(readOnly = false) StringMap contextData) {
    try {
      LogCorrelation.TraceFields fields = LogCorrelation.current("log4j2");
      if (fields == null) {
        return;
      }
      StringMap target = contextData;
      if (target == null || target.isFrozen()) {
        if (reusable != null && reusable != contextData && !reusable.isFrozen()) {
          target = reusable;
          target.clear();
        } else {
          target = ContextDataFactory.createContextData();
        }
        if (contextData != null) {
          target.putAll(contextData);
        }
      }
      for (int i = 0; i < fields.size(); i++) {
        if (!target.containsKey(fields.key(i))) {
          target.putValue(fields.key(i), fields.value(i));
        }
      }
      contextData = target;
    } catch (Throwable t) {
      InstrumentationErrors.record("log4j2", t);
    }
  }
}
