package io.argus.agent.install;

import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

/**
 * Byte Buddy's transformer behind the {@link ClassFilePrefilter}: a class being loaded that no installed
 * instrumentation's hints accept is returned unchanged without reaching Byte Buddy. Java 9 bytecode (src/main/java9),
 * for the module-aware {@code transform} the JVM calls, which must hand the module on; loaded only on Java 9+.
 */
public final class HintFilteringTransformer extends ResettableClassFileTransformer.WithDelegation {
  private final ClassFilePrefilter prefilter;

  public HintFilteringTransformer(ResettableClassFileTransformer transformer, ClassFilePrefilter prefilter) {
    super(transformer);
    this.prefilter = prefilter;
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String internalName,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classFile)
      throws IllegalClassFormatException {
    if (unwanted(internalName, classBeingRedefined, classFile)) {
      return null;
    }
    return classFileTransformer.transform(
        module, loader, internalName, classBeingRedefined, protectionDomain, classFile);
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String internalName,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classFile)
      throws IllegalClassFormatException {
    if (unwanted(internalName, classBeingRedefined, classFile)) {
      return null;
    }
    return classFileTransformer.transform(loader, internalName, classBeingRedefined, protectionDomain, classFile);
  }

  /** A class being loaded that no hints accept; a retransformation was chosen by the matchers and always passes. */
  private boolean unwanted(String internalName, Class<?> classBeingRedefined, byte[] classFile) {
    return classBeingRedefined == null && !prefilter.mayMatch(internalName, classFile);
  }
}
