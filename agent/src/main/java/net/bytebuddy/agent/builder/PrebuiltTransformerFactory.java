package net.bytebuddy.agent.builder;

import java.lang.reflect.Constructor;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * Where Byte Buddy gets the class file transformer that {@code installOn} registers, in the agent jar only: the build
 * (agent/src/build/UsePrebuiltTransformerFactory.java) rewrites {@code ExecutingTransformer.Factory.CreationAction}
 * to return {@link #factory()}.
 *
 * <p>Why: on Java 9+ Byte Buddy generates, at every start-up, a subclass of its transformer that receives the module
 * of each class (so that instrumented classes in named modules can be given a read edge to the bootstrap API). The
 * generation is a fifth of premain's time and loads some 450 classes of Byte Buddy's class-creation machinery that
 * nothing else uses. {@link ModuleAwareExecutingTransformer} is that subclass, compiled with the agent instead.
 */
public final class PrebuiltTransformerFactory {
  private PrebuiltTransformerFactory() {}

  @SuppressWarnings("unchecked")
  public static AgentBuilder.Default.ExecutingTransformer.Factory factory() {
    String name = PrebuiltTransformerFactory.class.getName().replace("PrebuiltTransformerFactory", "ModuleAwareExecutingTransformer");
    try {
      Class<?> type = Class.forName(name, false, PrebuiltTransformerFactory.class.getClassLoader());
      return new AgentBuilder.Default.ExecutingTransformer.Factory.ForJava9CapableVm(
          (Constructor<? extends ResettableClassFileTransformer>)
              type.getConstructor(
                  ByteBuddy.class,
                  AgentBuilder.Listener.class,
                  AgentBuilder.PoolStrategy.class,
                  AgentBuilder.TypeStrategy.class,
                  AgentBuilder.LocationStrategy.class,
                  ClassFileLocator.class,
                  AgentBuilder.Default.NativeMethodStrategy.class,
                  AgentBuilder.InitializationStrategy.class,
                  AgentBuilder.InjectionStrategy.class,
                  AgentBuilder.LambdaInstrumentationStrategy.class,
                  AgentBuilder.DescriptionStrategy.class,
                  AgentBuilder.FallbackStrategy.class,
                  AgentBuilder.ClassFileBufferStrategy.class,
                  AgentBuilder.InstallationListener.class,
                  AgentBuilder.RawMatcher.class,
                  AgentBuilder.RedefinitionStrategy.ResubmissionEnforcer.class,
                  List.class,
                  AgentBuilder.CircularityLock.class));
    } catch (Throwable java8) {
      // UnsupportedClassVersionError: Java 8, whose transformers are given no module. Byte Buddy falls back the same way.
      return AgentBuilder.Default.ExecutingTransformer.Factory.ForLegacyVm.INSTANCE;
    }
  }
}
