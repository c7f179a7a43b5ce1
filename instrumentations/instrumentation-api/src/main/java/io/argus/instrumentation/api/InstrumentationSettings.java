package io.argus.instrumentation.api;

/**
 * The agent's configuration as an instrumentation reads it: parsed values by canonical setting key. Every key must be
 * declared in the agent's settings table (agent/src/main/java/io/argus/agent/config/Setting.java) and documented in
 * docs/configuration.md; asking for an undeclared key throws IllegalArgumentException.
 */
public interface InstrumentationSettings {
  /** Integer, Long, Double, Boolean, String, List, Set or Map, as the setting's type says; may be null if unset. */
  <T> T value(String key);
}
