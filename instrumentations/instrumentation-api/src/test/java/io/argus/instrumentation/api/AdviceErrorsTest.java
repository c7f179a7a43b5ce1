package io.argus.instrumentation.api;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bootstrap.InstrumentationErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdviceErrorsTest {
  private final List<String> reported = new ArrayList<>();

  @AfterEach
  void removeListener() {
    InstrumentationErrors.setListener(null);
  }

  /** The instrumented class: returns a value the advice must not change. */
  public static class Greeter implements Supplier<String> {
    @Override
    public String get() {
      return "hello";
    }
  }

  /** Advice that fails the way a library getter inside advice could. */
  public static class FailingAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter() {
      throw new IllegalStateException("advice bug");
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit() {
      throw new UnsupportedOperationException("exit bug");
    }
  }

  @SuppressWarnings("unchecked")
  private Supplier<String> instrumentedGreeter(Advice advice) throws Exception {
    Class<?> type =
        new ByteBuddy()
            .redefine(Greeter.class)
            .visit(advice.on(named("get")))
            .make()
            .load(new ClassLoader(getClass().getClassLoader()) {}, ClassLoadingStrategy.Default.CHILD_FIRST)
            .getLoaded();
    return (Supplier<String>) type.getConstructor().newInstance();
  }

  @Test
  void aThrowableSuppressedInAdviceIsReportedUnderTheInstrumentationsNameAndTheMethodIsUnchanged() throws Exception {
    InstrumentationErrors.setListener((name, error) -> reported.add(name + ": " + error.getMessage()));

    Supplier<String> greeter =
        instrumentedGreeter(Advice.to(FailingAdvice.class).withExceptionHandler(AdviceErrors.reportedAs("greeter")));

    assertThat(greeter.get()).isEqualTo("hello");
    assertThat(reported).containsExactly("greeter: advice bug", "greeter: exit bug");
  }

  @Test
  void withoutAListenerTheSuppressedThrowableIsDroppedAndTheMethodIsUnchanged() throws Exception {
    Supplier<String> greeter =
        instrumentedGreeter(Advice.to(FailingAdvice.class).withExceptionHandler(AdviceErrors.reportedAs("greeter")));

    assertThat(greeter.get()).isEqualTo("hello");
  }
}
