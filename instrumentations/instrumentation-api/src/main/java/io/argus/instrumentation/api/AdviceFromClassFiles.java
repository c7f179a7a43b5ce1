package io.argus.instrumentation.api;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Advice described from class files rather than from the loaded advice class. {@code Advice.to(Class)} reflects on
 * the advice, which loads the types of its method signatures through the agent's class loader: that loader cannot
 * see the application's libraries (NoClassDefFoundError, the type stays uninstrumented), and loading a JDK class
 * that is being defined at that very moment is a duplicate definition (a LinkageError thrown in the application's
 * thread). A type pool over class files loads nothing: the agent's, the instrumented type's loader's, and the system
 * class loader's, the one that reads the agent jar's root, where the bootstrap helpers the advice calls are (the JVM
 * puts an agent jar on the system class path).
 */
public final class AdviceFromClassFiles {
  private AdviceFromClassFiles() {}

  public static Advice to(Class<?> advice, ClassLoader instrumentedTypeLoader) {
    ClassFileLocator classFiles =
        new ClassFileLocator.Compound(
            ClassFileLocator.ForClassLoader.of(advice.getClassLoader()),
            ClassFileLocator.ForClassLoader.of(instrumentedTypeLoader),
            ClassFileLocator.ForClassLoader.ofSystemLoader());
    return Advice.to(TypePool.Default.of(classFiles).describe(advice.getName()).resolve(), classFiles);
  }
}
