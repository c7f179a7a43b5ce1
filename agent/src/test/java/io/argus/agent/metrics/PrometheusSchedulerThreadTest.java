package io.argus.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.util.Scheduler;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PrometheusSchedulerThreadTest {
  @Test
  void theSchedulerThreadHoldsNotTheStartingThreadsContextClassLoaderWhichCanThenBeCollected() throws Exception {
    // A copy of the client's Scheduler of its own: the shared one's thread may have been started by another test.
    try (URLClassLoader isolated =
        new URLClassLoader(
            new URL[] {codeSource(Scheduler.class), codeSource(PrometheusSchedulerThread.class)},
            ClassLoader.getPlatformClassLoader())) {
      Method start = isolated.loadClass(PrometheusSchedulerThread.class.getName()).getMethod("start");
      Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
      WeakReference<ClassLoader> webApplication = startFromThreadWithAWebApplicationsLoader(start);

      Thread scheduler = newThreadNamed("prometheus-metrics-scheduler-", before);
      assertThat(scheduler.isAlive()).isTrue();
      assertThat(scheduler.getContextClassLoader()).isNull();
      for (int i = 0; i < 50 && webApplication.get() != null; i++) {
        System.gc();
        Thread.sleep(20);
      }
      assertThat(webApplication.get()).as("the web application's class loader after GC").isNull();
    }
  }

  /** Like a request thread: its context class loader is the application's; it is restored after the call. */
  private static WeakReference<ClassLoader> startFromThreadWithAWebApplicationsLoader(Method start) throws Exception {
    URLClassLoader webApplication = new URLClassLoader(new URL[0]);
    AtomicReference<ClassLoader> loaderAfterStart = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread request =
        new Thread(
            () -> {
              try {
                start.invoke(null);
                loaderAfterStart.set(Thread.currentThread().getContextClassLoader());
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "http-nio-exec-1");
    request.setContextClassLoader(webApplication);
    request.start();
    request.join();
    assertThat(failure.get()).isNull();
    assertThat(loaderAfterStart.get()).isSameAs(webApplication);
    webApplication.close();
    return new WeakReference<>(webApplication);
  }

  private static Thread newThreadNamed(String prefix, Set<Thread> before) {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (!before.contains(thread) && thread.getName().startsWith(prefix)) {
        return thread;
      }
    }
    throw new AssertionError("no new thread named " + prefix + "*");
  }

  private static URL codeSource(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation();
  }
}
