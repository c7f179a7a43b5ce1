package io.argus.instrumentation.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a class file must show for an instrumentation's {@link ArgusInstrumentation#typeMatcher() type matcher} to
 * possibly match it and its transformer to find something to change: its name, a name prefix, a method it declares,
 * or a name its constant pool holds. The agent reads these from the raw bytes of each class as it loads, before Byte
 * Buddy parses anything, and hands Byte Buddy only the classes some installed instrumentation may want.
 *
 * <p>Why: every class an application loads is otherwise parsed and matched, and a hierarchy matcher (JDBC, servlets)
 * reads the class file of each ancestor seen for the first time. In a Spring Boot service that was most of the
 * agent's start-up time, spent on some 8 000 classes of which a few dozen are instrumented.
 *
 * <p>The hints must be a necessary condition, never a guess: a class they reject is never transformed. "Declares a
 * method named X" is one whenever the transformer only advises methods named X that the class itself declares (advice
 * never reaches inherited methods). {@link #anyClass()}, the default, turns the filter off for everything.
 */
public final class ClassFileHints {
  private static final ClassFileHints ANY = new ClassFileHints(true, list(), list(), list(), list());
  private static final ClassFileHints NONE = new ClassFileHints(false, list(), list(), list(), list());

  private final boolean anyClass;
  private final List<String> names;
  private final List<String> namePrefixes;
  private final List<String> declaredMethods;
  private final List<String> constants;

  private ClassFileHints(
      boolean anyClass,
      List<String> names,
      List<String> namePrefixes,
      List<String> declaredMethods,
      List<String> constants) {
    this.anyClass = anyClass;
    this.names = names;
    this.namePrefixes = namePrefixes;
    this.declaredMethods = declaredMethods;
    this.constants = constants;
  }

  /** No filter: every class goes to the type matcher (an instrumentation that cannot say better). */
  public static ClassFileHints anyClass() {
    return ANY;
  }

  /** The instrumentation matches no class loaded from now on (only hooks installed some other way, or none). */
  public static ClassFileHints noClass() {
    return NONE;
  }

  /** Classes with one of these binary names ({@code java.util.concurrent.ThreadPoolExecutor$Worker}). */
  public static ClassFileHints named(String... binaryNames) {
    return new ClassFileHints(false, list(binaryNames), list(), list(), list());
  }

  /** Classes whose binary name starts with one of these ({@code org.apache.logging.log4j.}). */
  public static ClassFileHints namePrefix(String... binaryNamePrefixes) {
    return new ClassFileHints(false, list(), list(binaryNamePrefixes), list(), list());
  }

  /** Classes that declare (not inherit) a method with one of these names. */
  public static ClassFileHints declaringMethod(String... methodNames) {
    return new ClassFileHints(false, list(), list(), list(methodNames), list());
  }

  /** Classes that use the annotation with this binary name anywhere (its descriptor is in their constant pool). */
  public static ClassFileHints usingAnnotation(String annotationBinaryName) {
    return new ClassFileHints(false, list(), list(), list(), list("L" + annotationBinaryName.replace('.', '/') + ";"));
  }

  /** Classes either these hints or {@code other} accept. */
  public ClassFileHints or(ClassFileHints other) {
    if (anyClass || other.anyClass) {
      return ANY;
    }
    return new ClassFileHints(
        false,
        union(names, other.names),
        union(namePrefixes, other.namePrefixes),
        union(declaredMethods, other.declaredMethods),
        union(constants, other.constants));
  }

  public boolean anyClassAccepted() {
    return anyClass;
  }

  public List<String> names() {
    return names;
  }

  public List<String> namePrefixes() {
    return namePrefixes;
  }

  public List<String> declaredMethods() {
    return declaredMethods;
  }

  /** Constant-pool strings (annotation descriptors) of which a class must hold one. */
  public List<String> constants() {
    return constants;
  }

  @Override
  public String toString() {
    if (anyClass) {
      return "ClassFileHints[any class]";
    }
    return "ClassFileHints[names=" + names + ", prefixes=" + namePrefixes + ", declared methods=" + declaredMethods
        + ", constants=" + constants + "]";
  }

  private static List<String> list(String... values) {
    return values.length == 0
        ? Collections.<String>emptyList()
        : Collections.unmodifiableList(new ArrayList<String>(new LinkedHashSet<String>(Arrays.asList(values))));
  }

  private static List<String> union(List<String> a, List<String> b) {
    Set<String> all = new LinkedHashSet<String>(a);
    all.addAll(b);
    return Collections.unmodifiableList(new ArrayList<String>(all));
  }
}
