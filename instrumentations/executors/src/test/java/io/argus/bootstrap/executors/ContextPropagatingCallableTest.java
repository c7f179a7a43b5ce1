package io.argus.bootstrap.executors;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.Scope;
import io.argus.bootstrap.SpanKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ContextPropagatingCallableTest {
  @Test
  void invokeAllGetsACopyWithEveryTaskCarryingTheCallersContext() throws Exception {
    ArgusSpan span = ArgusTracer.startSpan("parent", SpanKind.INTERNAL);
    Callable<ArgusContext> task = ArgusContext::current;
    List<Callable<ArgusContext>> tasks = new ArrayList<>(Arrays.asList(task, task, null));
    Collection<?> wrapped;
    try (Scope ignored = span.makeCurrent()) {
      wrapped = ContextPropagatingCallable.wrapAllCurrent(tasks, "test");
    }

    assertThat(wrapped).isNotSameAs(tasks).hasSize(3);
    assertThat(tasks).containsExactly(task, task, null); // the caller's collection is untouched
    @SuppressWarnings("unchecked")
    List<Callable<ArgusContext>> copy = new ArrayList<>((Collection<Callable<ArgusContext>>) wrapped);
    assertThat(copy.get(2)).isNull();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (Future<ArgusContext> result : pool.invokeAll(copy.subList(0, 2))) {
        assertThat(result.get().span()).isSameAs(span);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void atTheRootInvokeAllGetsTheCallersOwnCollection() {
    List<Callable<String>> tasks = Arrays.asList(() -> "a", () -> "b");

    assertThat(ContextPropagatingCallable.wrapAllCurrent(tasks, "test")).isSameAs(tasks);
  }
}
