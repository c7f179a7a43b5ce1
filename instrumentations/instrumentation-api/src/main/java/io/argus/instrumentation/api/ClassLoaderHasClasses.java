package io.argus.instrumentation.api;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Matches class loaders that can see every one of the named classes: the version check of an instrumentation, so
 * that a library version without the classes its advice links against is left alone instead of failing with
 * NoClassDefFoundError or VerifyError. Looks for the class files, never loads a class. Byte Buddy asks on every class
 * load, so the answer is remembered per loader, weakly: the cache never keeps an application's loader alive.
 */
public final class ClassLoaderHasClasses extends ElementMatcher.Junction.AbstractBase<ClassLoader> {
  private final String[] classFiles;
  private final Map<ClassLoader, Boolean> answers =
      Collections.synchronizedMap(new WeakHashMap<ClassLoader, Boolean>());

  public ClassLoaderHasClasses(String... classNames) {
    classFiles = new String[classNames.length];
    for (int i = 0; i < classNames.length; i++) {
      classFiles[i] = classNames[i].replace('.', '/') + ".class";
    }
  }

  @Override
  public boolean matches(ClassLoader loader) {
    if (loader == null) {
      return false; // the bootstrap class loader holds the JDK, never an application library
    }
    Boolean answer = answers.get(loader);
    if (answer == null) {
      answer = seesAll(loader);
      answers.put(loader, answer);
    }
    return answer;
  }

  private boolean seesAll(ClassLoader loader) {
    try {
      for (String classFile : classFiles) {
        if (loader.getResource(classFile) == null) {
          return false;
        }
      }
      return true;
    } catch (Throwable t) {
      return false; // a loader that cannot answer is treated as one without the library
    }
  }

  @Override
  public String toString() {
    return "ClassLoaderHasClasses" + Arrays.toString(classFiles);
  }
}
