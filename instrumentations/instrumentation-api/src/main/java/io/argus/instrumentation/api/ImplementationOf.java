package io.argus.instrumentation.api;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Matches classes, not interfaces, that are, extend or implement (at any depth) a type with one of the given names:
 * {@code new ImplementationOf("java.sql.Statement", "java.sql.Connection")} finds every JDBC driver's statements and
 * connections.
 *
 * <p>Why not Byte Buddy's {@code not(isInterface()).and(hasSuperType(named(...)))}: that walks generic types, so it
 * parses each ancestor's members and signatures, and {@code isInterface()} reads all modifiers, which parses the whole
 * class. Instrumentations that match on the hierarchy run this for every class their {@link ClassFileHints} let
 * through. This walks raw types only, which the agent's type pool answers from the class-file header (name,
 * modifiers, super class, interfaces) and caches across class loads; see docs/performance.md, "Per-class-load cost".
 *
 * <p>An ancestor whose class file cannot be found is skipped, not reported: it cannot be one of the named types, and
 * the class that names it could not be loaded anyway.
 */
public final class ImplementationOf extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
  private final Set<String> names;

  public ImplementationOf(String... typeNames) {
    this.names = Collections.unmodifiableSet(new HashSet<String>(Arrays.asList(typeNames)));
  }

  @Override
  public boolean matches(TypeDescription type) {
    if (type.isInterface()) {
      return false;
    }
    Set<String> seen = new HashSet<String>();
    ArrayDeque<TypeDescription> pending = new ArrayDeque<TypeDescription>();
    pending.add(type);
    TypeDescription next;
    while ((next = pending.poll()) != null) {
      String name = next.getName();
      if (!seen.add(name)) {
        continue;
      }
      if (names.contains(name)) {
        return true;
      }
      if (!"java.lang.Object".equals(name)) {
        addDirectSuperTypes(next, pending);
      }
    }
    return false;
  }

  private static void addDirectSuperTypes(TypeDescription type, ArrayDeque<TypeDescription> pending) {
    try {
      TypeDescription.Generic superClass = type.getSuperClass();
      if (superClass != null) {
        pending.add(superClass.asErasure());
      }
      pending.addAll(type.getInterfaces().asErasures());
    } catch (IllegalStateException unresolvable) {
      // Byte Buddy's "Cannot resolve type description for ...": a missing class file, skipped (see above).
    }
  }

  @Override
  public String toString() {
    return "ImplementationOf" + names;
  }
}
