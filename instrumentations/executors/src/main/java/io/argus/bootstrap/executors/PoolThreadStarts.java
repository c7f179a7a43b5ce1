package io.argus.bootstrap.executors;

import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.concurrent.Executor;
import java.util.stream.Stream;

/**
 * Recognises a thread started by a thread pool, from the classes on the stack above {@code Thread.start}. A pool
 * starts its workers lazily, often while it executes a task submitted from a traced request; such a worker must not
 * inherit that request's context, or every task it runs later without a context of its own would see it. A pool is
 * any class implementing {@link Executor} (JDK pools, Jetty, Tomcat, Netty, ...), or a nested class of one; the JDK's
 * thread-per-task executors are not pools, as each of their threads runs the one task it was started for.
 *
 * <p>Java 9+ walks the stack with StackWalker (looked up reflectively, the code is Java 8) and checks the classes
 * themselves; Java 8 falls back to class names containing "Executor" or "Pool".
 */
final class PoolThreadStarts {
  private static final int FRAMES_CHECKED = 12;

  private static final Object WALKER;
  private static final Method WALK;
  private static final Method DECLARING_CLASS;

  static {
    Object walker = null;
    Method walk = null;
    Method declaringClass = null;
    try {
      Class<?> walkerType = Class.forName("java.lang.StackWalker");
      Class<?> optionType = Class.forName("java.lang.StackWalker$Option");
      @SuppressWarnings({"unchecked", "rawtypes"})
      Object retainClasses = Enum.valueOf((Class) optionType, "RETAIN_CLASS_REFERENCE");
      walker = walkerType.getMethod("getInstance", optionType).invoke(null, retainClasses);
      walk = walkerType.getMethod("walk", java.util.function.Function.class);
      declaringClass = Class.forName("java.lang.StackWalker$StackFrame").getMethod("getDeclaringClass");
    } catch (Throwable java8) {
      walker = null;
    }
    WALKER = walker;
    WALK = walk;
    DECLARING_CLASS = declaringClass;
  }

  private PoolThreadStarts() {}

  /** True when a pool is starting the thread (or the stack cannot be inspected, the safe answer). */
  static boolean startedByPool() {
    try {
      if (WALKER != null) {
        return Boolean.TRUE.equals(WALK.invoke(WALKER, new FrameCheck()));
      }
      return startedByPoolJava8();
    } catch (Throwable t) {
      return true;
    }
  }

  private static final class FrameCheck implements java.util.function.Function<Stream<Object>, Boolean> {
    @Override
    public Boolean apply(Stream<Object> frames) {
      Iterator<Object> iterator = frames.iterator();
      int checked = 0;
      try {
        while (iterator.hasNext() && checked < FRAMES_CHECKED) {
          Class<?> type = (Class<?>) DECLARING_CLASS.invoke(iterator.next());
          if (type == Thread.class || isAgentClass(type)) {
            continue; // Thread.start itself, the advice's helpers, a CompletableFuture stage's bound executor
          }
          checked++;
          if (isPool(type)) {
            return Boolean.TRUE;
          }
        }
        return Boolean.FALSE;
      } catch (Exception e) {
        return Boolean.TRUE;
      }
    }
  }

  /** The agent's classes on the stack are on the bootstrap class path. */
  private static boolean isAgentClass(Class<?> type) {
    return type.getClassLoader() == null && type.getName().startsWith("io.argus.");
  }

  static boolean isPool(Class<?> type) {
    String name = type.getName();
    if (name.equals("java.util.concurrent.ThreadPerTaskExecutor")
        || name.equals("java.util.concurrent.CompletableFuture$ThreadPerTaskExecutor")) {
      return false;
    }
    if (Executor.class.isAssignableFrom(type)) {
      return true;
    }
    Class<?> enclosing = type.getEnclosingClass();
    return enclosing != null && Executor.class.isAssignableFrom(enclosing);
  }

  private static boolean startedByPoolJava8() {
    StackTraceElement[] frames = new Throwable().getStackTrace();
    int checked = 0;
    for (StackTraceElement frame : frames) {
      String name = frame.getClassName();
      if (name.equals("java.lang.Thread") || name.startsWith("io.argus.")) {
        continue;
      }
      if (++checked > FRAMES_CHECKED) {
        break;
      }
      if (name.endsWith("ThreadPerTaskExecutor")) {
        continue;
      }
      if (name.contains("Executor") || name.contains("Pool")) {
        return true;
      }
    }
    return false;
  }
}
