package io.argus.agent.config;

import io.argus.instrumentation.capabilities.CapabilityRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/** How the capability settings are parsed: the rule list and the metric-name prefix. */
final class CapabilitySettingTypes {
  private CapabilitySettingTypes() {}

  /**
   * argus.capabilities: rules separated by ';', new lines or commas outside brackets (a rule's method list has commas
   * of its own), or a YAML list. Each rule is checked with the capabilities instrumentation's own parser: a malformed
   * one is reported in one line and skipped, the others apply.
   */
  static final ValueType RULES = new ValueType() {
    @Override
    boolean isList() {
      return true; // the agent argument may carry the commas of a method list
    }

    @Override
    Object parse(Object raw, List<Rejected> rejected) throws Invalid {
      List<String> texts = new ArrayList<String>();
      if (raw instanceof Collection) {
        for (Object item : (Collection<?>) raw) {
          texts.addAll(CapabilityRule.split(String.valueOf(item)));
        }
      } else if (raw instanceof java.util.Map) {
        throw new Invalid(
            "expected a list of rules, not a YAML map; e.g. com.acme.agents.ResearchAgent[research,plan]");
      } else {
        texts.addAll(CapabilityRule.split(String.valueOf(raw)));
      }
      List<String> rules = new ArrayList<String>();
      for (String text : texts) {
        if (texts.size() == 1 && text.equalsIgnoreCase("none")) {
          break;
        }
        try {
          rules.add(CapabilityRule.parse(text).text());
        } catch (CapabilityRule.Malformed e) {
          rejected.add(new Rejected(text, e.getMessage()));
        }
      }
      return Collections.unmodifiableList(rules);
    }
  };

  private static final Pattern METRIC_PREFIX = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?");

  /** argus.metrics.prefix: the start of a Prometheus metric name, e.g. {@code dawsos_}; empty for none. */
  static final ValueType METRIC_PREFIX_TYPE = new ValueType() {
    @Override
    Object parse(Object raw, List<Rejected> rejected) throws Invalid {
      String text = String.valueOf(raw).trim();
      if (!METRIC_PREFIX.matcher(text).matches()) {
        throw new Invalid("expected the start of a Prometheus metric name: a letter, '_' or ':' then letters, "
            + "digits, '_' or ':' (e.g. dawsos_)");
      }
      return text;
    }
  };
}
