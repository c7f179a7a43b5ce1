package io.argus.bootstrap.capabilities;

import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.metrics.MetricsBackend;

/**
 * What every call of one instrumented capability method with a fixed agent name shares, built once: the span
 * attributes it starts with (shared by its spans until one of them sets another attribute) and its metric series,
 * looked up on its first call. A call then sets no attribute one by one and looks up no label set. Advice refers to a
 * site by the id {@link #register} gave it.
 */
public final class CapabilitySite {
  /** No site: the agent name is read from the instance on each call, so the slow path builds everything. */
  public static final int NONE = -1;

  private static final AdviceTable<CapabilitySite> SITES = new AdviceTable<CapabilitySite>();

  private final String agent;
  private final String capability;
  private final String[] attributeKeys;
  private final Object[] attributeValues;
  private volatile MetricsBackend.Series okCalls;
  private volatile MetricsBackend.Series failedCalls;
  private volatile MetricsBackend.Series duration;

  private CapabilitySite(String namespace, String function, String agent, String capability) {
    this.agent = agent;
    this.capability = capability;
    this.attributeKeys =
        new String[] {
          CapabilityCall.CODE_NAMESPACE, CapabilityCall.CODE_FUNCTION, CapabilityCall.AGENT_NAME,
          CapabilityCall.AGENT_CAPABILITY
        };
    this.attributeValues = new Object[] {namespace, function, agent, capability};
  }

  /** Makes a site available to advice; returns its id. Called when a method is instrumented, never per call. */
  public static int register(String namespace, String function, String agent, String capability) {
    return SITES.add(new CapabilitySite(namespace, function, agent, capability));
  }

  /** The site with this id, or null for {@link #NONE} or an unknown id. */
  static CapabilitySite byId(int id) {
    return SITES.get(id);
  }

  void addAttributes(ArgusSpan span) {
    span.setAttributes(attributeKeys, attributeValues);
  }

  /** As {@link CapabilityMetrics#record}, with this site's series (looked up once the metrics backend is there). */
  void recordMetrics(boolean failed, long durationNanos) {
    MetricsBackend.Series calls = failed ? failedCalls : okCalls;
    if (calls == null) {
      calls = CapabilityMetrics.callSeries(agent, capability, failed);
      if (calls == null) {
        return; // no metrics backend yet
      }
      if (failed) {
        failedCalls = calls;
      } else {
        okCalls = calls;
      }
    }
    MetricsBackend.Series time = duration;
    if (time == null) {
      time = CapabilityMetrics.durationSeries(agent, capability);
      if (time == null) {
        return;
      }
      duration = time;
    }
    calls.record(1);
    time.record(durationNanos / 1e9);
  }
}
