package io.argus.agent.export;

import io.argus.bootstrap.ArgusSpan;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A span's attributes as OpenTelemetry {@link Attributes}, made on the export thread for every exported span: two
 * arrays, sorted by key as {@code Attributes.builder()} would sort them. Why not the builder: it allocates a list, a
 * new {@link AttributeKey} per attribute and a sorted copy, which made most of the export thread's allocation per span
 * (docs/performance.md, "Export throughput"). Keys are looked up in a bounded cache instead: instrumentations use a
 * fixed set of names.
 *
 * <p>The span's keys are already unique ({@link ArgusSpan#setAttribute} replaces a value set twice).
 */
final class SpanAttributes implements Attributes {
  /** Beyond this many distinct names (user-configured captures could add some), keys are made, not cached. */
  static final int MAX_CACHED_KEYS = 1024;

  private static final ConcurrentMap<String, AttributeKey<String>> STRING_KEYS =
      new ConcurrentHashMap<String, AttributeKey<String>>();
  private static final ConcurrentMap<String, AttributeKey<Long>> LONG_KEYS =
      new ConcurrentHashMap<String, AttributeKey<Long>>();
  private static final ConcurrentMap<String, AttributeKey<Double>> DOUBLE_KEYS =
      new ConcurrentHashMap<String, AttributeKey<Double>>();
  private static final ConcurrentMap<String, AttributeKey<Boolean>> BOOLEAN_KEYS =
      new ConcurrentHashMap<String, AttributeKey<Boolean>>();

  private final AttributeKey<?>[] keys;
  private final Object[] values;

  private SpanAttributes(AttributeKey<?>[] keys, Object[] values) {
    this.keys = keys;
    this.values = values;
  }

  /** The first {@code count} of a span's attribute arrays ({@link ArgusSpan#attributeKeys()}). */
  static Attributes of(String[] spanKeys, Object[] spanValues, int count) {
    if (count == 0) {
      return Attributes.empty();
    }
    AttributeKey<?>[] keys = new AttributeKey<?>[count];
    Object[] values = new Object[count];
    for (int i = 0; i < count; i++) {
      String name = spanKeys[i];
      Object value = spanValues[i];
      AttributeKey<?> key;
      if (value instanceof Long) {
        key = cached(LONG_KEYS, name, AttributeKey::longKey);
      } else if (value instanceof Double) {
        key = cached(DOUBLE_KEYS, name, AttributeKey::doubleKey);
      } else if (value instanceof Boolean) {
        key = cached(BOOLEAN_KEYS, name, AttributeKey::booleanKey);
      } else {
        value = String.valueOf(value);
        key = cached(STRING_KEYS, name, AttributeKey::stringKey);
      }
      // Insertion sort by key name: a span has about ten attributes, usually set in a stable order.
      int at = i;
      while (at > 0 && keys[at - 1].getKey().compareTo(name) > 0) {
        keys[at] = keys[at - 1];
        values[at] = values[at - 1];
        at--;
      }
      keys[at] = key;
      values[at] = value;
    }
    return new SpanAttributes(keys, values);
  }

  private static <T> AttributeKey<T> cached(
      ConcurrentMap<String, AttributeKey<T>> cache, String name, Function<String, AttributeKey<T>> newKey) {
    AttributeKey<T> key = cache.get(name);
    if (key == null) {
      key = newKey.apply(name);
      if (cache.size() < MAX_CACHED_KEYS) {
        cache.putIfAbsent(name, key);
      }
    }
    return key;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(AttributeKey<T> key) {
    if (key == null) {
      return null;
    }
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].equals(key)) {
        return (T) values[i];
      }
    }
    return null;
  }

  @Override
  public void forEach(BiConsumer<? super AttributeKey<?>, ? super Object> consumer) {
    for (int i = 0; i < keys.length; i++) {
      consumer.accept(keys[i], values[i]);
    }
  }

  @Override
  public int size() {
    return keys.length;
  }

  @Override
  public boolean isEmpty() {
    return keys.length == 0;
  }

  @Override
  public Map<AttributeKey<?>, Object> asMap() {
    Map<AttributeKey<?>, Object> map = new LinkedHashMap<AttributeKey<?>, Object>(keys.length * 2);
    for (int i = 0; i < keys.length; i++) {
      map.put(keys[i], values[i]);
    }
    return Collections.unmodifiableMap(map);
  }

  @Override
  public AttributesBuilder toBuilder() {
    return Attributes.builder().putAll(this);
  }

  /** Equal to any {@link Attributes} with the same keys and values, as OpenTelemetry's own are among themselves. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Attributes && asMap().equals(((Attributes) other).asMap());
  }

  @Override
  public int hashCode() {
    return asMap().hashCode();
  }

  @Override
  public String toString() {
    return asMap().toString();
  }
}
