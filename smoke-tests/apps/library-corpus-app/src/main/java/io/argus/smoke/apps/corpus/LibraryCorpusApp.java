package io.argus.smoke.apps.corpus;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads every class of every jar on its class path with the application class loader and links it (reflecting on
 * its methods makes the JVM link, hence verify, the class without running its static initialiser), then prints the
 * classes that failed, sorted:
 *
 * <pre>
 * CORPUS JAR guava-33.5.0-jre.jar classes=1999 failed=0
 * ...
 * FAILED java.lang.NoClassDefFoundError org.hibernate.SomeOptionalIntegration
 * CORPUS DONE jars=42 classes=31000 failed=120
 * </pre>
 *
 * Optional dependencies that are absent make some classes fail without any agent; what matters is that the list is
 * the same with one. Stays up afterwards (so a test can read the agent's /status) unless given {@code --exit}.
 */
public final class LibraryCorpusApp {
  private LibraryCorpusApp() {}

  public static void main(String[] args) throws Exception {
    ClassLoader loader = ClassLoader.getSystemClassLoader();
    TreeSet<String> jars = new TreeSet<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.endsWith(".jar")) {
        jars.add(entry);
      }
    }
    long start = System.nanoTime();
    int total = 0;
    TreeSet<String> failures = new TreeSet<>();
    for (String jar : jars) {
      List<String> names = classNames(jar);
      int failed = 0;
      for (String name : names) {
        String failure = loadAndLink(name, loader);
        if (failure != null) {
          failures.add("FAILED " + failure + " " + name);
          failed++;
        }
      }
      total += names.size();
      System.out.println("CORPUS JAR " + new File(jar).getName() + " classes=" + names.size() + " failed=" + failed);
    }
    failures.forEach(System.out::println);
    System.out.println("CORPUS DONE jars=" + jars.size() + " classes=" + total + " failed=" + failures.size()
        + " seconds=" + (System.nanoTime() - start) / 1_000_000_000L);
    System.out.flush();
    if (args.length > 0 && args[0].equals("--exit")) {
      System.exit(0);
    }
    Thread.sleep(Long.MAX_VALUE);
  }

  /** The classes of a jar: no module-info or package-info, no multi-release variants (the JVM picks one itself). */
  static List<String> classNames(String jar) throws IOException {
    List<String> names = new ArrayList<>();
    try (JarFile file = new JarFile(jar)) {
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        String entry = entries.nextElement().getName();
        if (entry.endsWith(".class") && !entry.startsWith("META-INF/") && !entry.endsWith("module-info.class")
            && !entry.endsWith("package-info.class")) {
          names.add(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'));
        }
      }
    }
    names.sort(null);
    return names;
  }

  /** Null when the class loaded and linked, else the type of what was thrown (its message may name a hash). */
  static String loadAndLink(String name, ClassLoader loader) {
    try {
      Class<?> type = Class.forName(name, false, loader);
      type.getDeclaredMethods(); // links the class: the verifier runs here
      type.getDeclaredFields();
      type.getDeclaredConstructors();
      return null;
    } catch (Throwable t) {
      return t.getClass().getName();
    }
  }
}
