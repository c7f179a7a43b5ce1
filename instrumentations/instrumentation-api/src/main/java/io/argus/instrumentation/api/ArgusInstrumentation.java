package io.argus.instrumentation.api;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * One instrumented library, as the agent installs it. Implementations live in their own folder under
 * {@code instrumentations/}, are listed in {@code META-INF/services/io.argus.instrumentation.api.ArgusInstrumentation},
 * and are bundled into argus-agent.jar.
 *
 * <p>Advice classes must be Java 8 bytecode, use {@code suppress = Throwable.class}, and call only the
 * {@code io.argus.bootstrap} API (the only agent code application class loaders can see).
 */
public interface ArgusInstrumentation {
  /**
   * The name used in settings: {@code otel.instrumentation.<name>.enabled}. Lower case, words separated by '-'.
   */
  String name();

  /**
   * A cheap first filter: class loaders where the instrumented library can be present (e.g. one that can load a
   * marker class of the expected version). Types in other loaders are not even matched.
   */
  default ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ElementMatchers.any();
  }

  /** The types to transform; match by name first, it is the cost of every class load. */
  ElementMatcher<? super TypeDescription> typeMatcher();

  /**
   * What a class file must show for {@link #typeMatcher()} to possibly match it (its name, a method it declares, ...),
   * read from the raw bytes before any parsing; see {@link ClassFileHints}. Classes loaded after start-up that no
   * installed instrumentation's hints accept are never parsed. The default accepts every class.
   */
  default ClassFileHints classFileHints() {
    return ClassFileHints.anyClass();
  }

  /** Applies the advice, typically {@code builder.visit(Advice.to(...).on(methodMatcher))}. */
  AgentBuilder.Transformer transformer();

  /**
   * Called once, before {@link #transformer()}, when the instrumentation is enabled: the place to read its settings
   * and hand them to its runtime helpers (classes in {@code io.argus.bootstrap.<name>}, which live on the bootstrap
   * class path next to the agent's API).
   */
  default void configure(InstrumentationSettings settings) {}
}
