package net.bytebuddy.agent.builder;

import java.security.ProtectionDomain;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * Byte Buddy's class file transformer as Byte Buddy itself would generate it on Java 9+ (see
 * {@link PrebuiltTransformerFactory}): the JVM's module-aware {@code transform} hands the module on, which the plain
 * transformer would drop. Java 9 bytecode (src/main/java9), loaded only on Java 9+.
 */
class ModuleAwareExecutingTransformer extends AgentBuilder.Default.ExecutingTransformer {
  public ModuleAwareExecutingTransformer(
      ByteBuddy byteBuddy,
      AgentBuilder.Listener listener,
      AgentBuilder.PoolStrategy poolStrategy,
      AgentBuilder.TypeStrategy typeStrategy,
      AgentBuilder.LocationStrategy locationStrategy,
      ClassFileLocator classFileLocator,
      AgentBuilder.Default.NativeMethodStrategy nativeMethodStrategy,
      AgentBuilder.InitializationStrategy initializationStrategy,
      AgentBuilder.InjectionStrategy injectionStrategy,
      AgentBuilder.LambdaInstrumentationStrategy lambdaInstrumentationStrategy,
      AgentBuilder.DescriptionStrategy descriptionStrategy,
      AgentBuilder.FallbackStrategy fallbackStrategy,
      AgentBuilder.ClassFileBufferStrategy classFileBufferStrategy,
      AgentBuilder.InstallationListener installationListener,
      AgentBuilder.RawMatcher ignoreMatcher,
      AgentBuilder.RedefinitionStrategy.ResubmissionEnforcer resubmissionEnforcer,
      List<AgentBuilder.Default.Transformation> transformations,
      AgentBuilder.CircularityLock circularityLock) {
    super(
        byteBuddy,
        listener,
        poolStrategy,
        typeStrategy,
        locationStrategy,
        classFileLocator,
        nativeMethodStrategy,
        initializationStrategy,
        injectionStrategy,
        lambdaInstrumentationStrategy,
        descriptionStrategy,
        fallbackStrategy,
        classFileBufferStrategy,
        installationListener,
        ignoreMatcher,
        resubmissionEnforcer,
        transformations,
        circularityLock);
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader classLoader,
      String internalName,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] binaryRepresentation) {
    return transform(
        (Object) module, classLoader, internalName, classBeingRedefined, protectionDomain, binaryRepresentation);
  }
}
