package io.argus.instrumentation.servlet;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Matches class loaders that can see every one of some classes: the version check of an instrumentation (a class the
 * advice relies on must exist, or the library is skipped). Byte Buddy asks it for every class loaded, so the answer
 * is cached per loader; the cache holds loaders weakly and never keeps an application's loader alive.
 */
public final class ClassLoaderHasClasses implements ElementMatcher<ClassLoader> {
  private final String[] resources;
  private final Map<ClassLoader, Boolean> answers =
      Collections.synchronizedMap(new WeakHashMap<ClassLoader, Boolean>());

  public ClassLoaderHasClasses(String... classNames) {
    resources = new String[classNames.length];
    for (int i = 0; i < classNames.length; i++) {
      resources[i] = classNames[i].replace('.', '/') + ".class";
    }
  }

  @Override
  public boolean matches(ClassLoader loader) {
    if (loader == null) {
      return false; // the bootstrap loader holds no servlet or Spring classes
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
      for (String resource : resources) {
        if (loader.getResource(resource) == null) {
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
    return "ClassLoaderHasClasses" + Arrays.toString(resources);
  }
}
