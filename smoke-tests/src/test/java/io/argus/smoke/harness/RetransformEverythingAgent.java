package io.argus.smoke.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A second agent, attached by tests to a running JVM, that asks the JVM to retransform every modifiable class it has
 * loaded: every registered transformer (Argus's, once Argus is attached) sees every class again, and any class whose
 * new bytes the JVM rejects shows up. Prints to the target's stdout:
 *
 * <pre>
 * RETRANSFORM FAILED java.lang.VerifyError com.example.Foo     (one line per class the JVM refused)
 * RETRANSFORMED 14021 classes, 0 failed
 * </pre>
 */
public final class RetransformEverythingAgent {
  private static final int BATCH = 500;

  private RetransformEverythingAgent() {}

  public static void agentmain(String args, Instrumentation instrumentation) {
    List<Class<?>> modifiable = new ArrayList<>();
    for (Class<?> type : instrumentation.getAllLoadedClasses()) {
      if (instrumentation.isModifiableClass(type)) {
        modifiable.add(type);
      }
    }
    TreeSet<String> failures = new TreeSet<>();
    for (int from = 0; from < modifiable.size(); from += BATCH) {
      List<Class<?>> batch = modifiable.subList(from, Math.min(modifiable.size(), from + BATCH));
      try {
        instrumentation.retransformClasses(batch.toArray(new Class<?>[0]));
      } catch (Throwable batchFailure) {
        for (Class<?> type : batch) { // find the culprits one by one
          try {
            instrumentation.retransformClasses(type);
          } catch (Throwable t) {
            failures.add(t.getClass().getName() + " " + type.getName());
          }
        }
      }
    }
    for (String failure : failures) {
      System.out.println("RETRANSFORM FAILED " + failure);
    }
    System.out.println("RETRANSFORMED " + modifiable.size() + " classes, " + failures.size() + " failed");
    System.out.flush();
  }

  /** Writes this agent as a jar (Agent-Class, Can-Retransform-Classes) into {@code directory}. */
  public static Path jar(Path directory) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Agent-Class", RetransformEverythingAgent.class.getName());
    manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
    Path jar = directory.resolve("retransform-everything-agent.jar");
    String entry = RetransformEverythingAgent.class.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        InputStream classFile = RetransformEverythingAgent.class.getClassLoader().getResourceAsStream(entry)) {
      out.putNextEntry(new JarEntry(entry));
      classFile.transferTo(out);
      out.closeEntry();
    }
    return jar;
  }
}
