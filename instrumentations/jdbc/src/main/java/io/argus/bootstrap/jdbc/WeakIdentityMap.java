package io.argus.bootstrap.jdbc;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A concurrent map from objects the application owns (statements, connections) to what the agent knows about them,
 * which never keeps a key alive: an entry goes when its key is garbage-collected, so the map is never larger than
 * the set of live statements and connections. Keys compare by identity, never by a driver's {@code equals}.
 *
 * <p>Values must not refer to their key, or the key could never be collected.
 */
final class WeakIdentityMap<K, V> {
  private final ConcurrentHashMap<Object, V> map = new ConcurrentHashMap<Object, V>();
  private final ReferenceQueue<K> collected = new ReferenceQueue<K>();

  V get(K key) {
    return key == null ? null : map.get(new Lookup(key));
  }

  /** Stores the value unless the key already has one; returns the value in the map afterwards. */
  V putIfAbsent(K key, V value) {
    expunge();
    V previous = map.putIfAbsent(new WeakKey<K>(key, collected), value);
    return previous == null ? value : previous;
  }

  void put(K key, V value) {
    expunge();
    map.put(new WeakKey<K>(key, collected), value);
  }

  void remove(K key) {
    if (key != null) {
      map.remove(new Lookup(key));
    }
  }

  int size() {
    expunge();
    return map.size();
  }

  /** Drops the entries of keys that have been collected; amortised over the writes. */
  private void expunge() {
    Object stale;
    while ((stale = collected.poll()) != null) {
      map.remove(stale);
    }
  }

  /** Identity of the referent, for both the stored weak keys and the short-lived lookup keys. */
  private interface Identity {
    Object referent();
  }

  private static boolean sameReferent(Object self, Object referent, Object other) {
    if (self == other) {
      return true;
    }
    return referent != null && other instanceof Identity && ((Identity) other).referent() == referent;
  }

  private static final class WeakKey<K> extends WeakReference<K> implements Identity {
    private final int hash;

    WeakKey(K key, ReferenceQueue<K> queue) {
      super(key, queue);
      this.hash = System.identityHashCode(key);
    }

    @Override
    public Object referent() {
      return get();
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      return sameReferent(this, get(), other);
    }
  }

  private static final class Lookup implements Identity {
    private final Object key;

    Lookup(Object key) {
      this.key = key;
    }

    @Override
    public Object referent() {
      return key;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(key);
    }

    @Override
    public boolean equals(Object other) {
      return sameReferent(this, key, other);
    }
  }
}
