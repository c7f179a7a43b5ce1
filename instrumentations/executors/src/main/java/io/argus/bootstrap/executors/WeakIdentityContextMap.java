package io.argus.bootstrap.executors;

import io.argus.bootstrap.ArgusContext;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Contexts attached to objects that cannot carry a field of ours: JDK classes are already loaded when the agent
 * installs, and retransformation cannot add fields. Keys are compared by identity (a task's own equals must not
 * matter) and held weakly, so an object that is never run (cancelled, dropped at shutdown) takes its entry with it
 * when it is collected. Entries are removed when the work runs, so the map only holds work in flight.
 */
final class WeakIdentityContextMap {
  private final ConcurrentHashMap<Object, ArgusContext> contexts = new ConcurrentHashMap<Object, ArgusContext>();
  private final ReferenceQueue<Object> collected = new ReferenceQueue<Object>();

  /** Attaches {@code context} unless the object already has one (the first capture, closest to submission, wins). */
  void putIfAbsent(Object key, ArgusContext context) {
    expungeCollected();
    contexts.putIfAbsent(new WeakKey(key, collected), context);
  }

  /** Detaches and returns the object's context, or null. Cheap when nothing is attached to anything. */
  ArgusContext remove(Object key) {
    if (contexts.isEmpty()) {
      return null;
    }
    return contexts.remove(new LookupKey(key));
  }

  boolean isEmpty() {
    return contexts.isEmpty();
  }

  int size() {
    expungeCollected();
    return contexts.size();
  }

  private void expungeCollected() {
    Reference<?> reference;
    while ((reference = collected.poll()) != null) {
      contexts.remove(reference);
    }
  }

  /** What both key kinds have: the object compared by identity, and its identity hash. */
  private interface IdentityKey {
    Object referent();
  }

  private static final class WeakKey extends WeakReference<Object> implements IdentityKey {
    private final int hash;

    WeakKey(Object referent, ReferenceQueue<Object> queue) {
      super(referent, queue);
      this.hash = System.identityHashCode(referent);
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
      if (other == this) {
        return true;
      }
      Object referent = get();
      return referent != null && other instanceof IdentityKey && ((IdentityKey) other).referent() == referent;
    }
  }

  /** A short-lived strong key for lookups, so that finding an entry allocates no weak reference. */
  private static final class LookupKey implements IdentityKey {
    private final Object referent;

    LookupKey(Object referent) {
      this.referent = referent;
    }

    @Override
    public Object referent() {
      return referent;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(referent);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof IdentityKey && ((IdentityKey) other).referent() == referent;
    }
  }
}
