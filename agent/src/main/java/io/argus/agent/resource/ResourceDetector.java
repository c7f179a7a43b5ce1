package io.argus.agent.resource;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;
import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.Charset;
import java.util.Map;
import java.util.UUID;

/**
 * The resource every span is exported with: OpenTelemetry {@code service.*}, {@code host.*}, {@code process.*} and
 * {@code telemetry.sdk.*} attributes. Explicit settings win: {@code otel.resource.attributes}, then
 * {@code otel.service.name} for the service name.
 */
public final class ResourceDetector {
  private ResourceDetector() {}

  public static Resource detect(String configuredServiceName, Map<String, String> configuredAttributes, String version) {
    AttributesBuilder attributes = Attributes.builder();
    attributes.put("telemetry.sdk.name", "argus");
    attributes.put("telemetry.sdk.language", "java");
    attributes.put("telemetry.sdk.version", version);
    attributes.put("service.instance.id", UUID.randomUUID().toString());
    String host = hostName();
    if (host != null) {
      attributes.put("host.name", host);
    }
    long pid = pid();
    if (pid > 0) {
      attributes.put("process.pid", pid);
    }
    putIfPresent(attributes, "process.runtime.name", System.getProperty("java.runtime.name"));
    putIfPresent(attributes, "process.runtime.version", System.getProperty("java.runtime.version"));
    putIfPresent(
        attributes,
        "process.runtime.description",
        System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
            + System.getProperty("java.vm.version"));
    putIfPresent(attributes, "process.executable.path", javaExecutable());
    for (Map.Entry<String, String> entry : configuredAttributes.entrySet()) {
      attributes.put(entry.getKey(), entry.getValue());
    }
    String serviceName = configuredServiceName;
    if (serviceName == null || serviceName.isEmpty()) {
      serviceName = configuredAttributes.get("service.name");
    }
    if (serviceName == null || serviceName.isEmpty()) {
      serviceName = defaultServiceName(System.getProperty("sun.java.command"));
    }
    attributes.put("service.name", serviceName);
    return Resource.create(attributes.build());
  }

  /**
   * A service name for a JVM nobody named: the main jar's file name without {@code .jar}, else the main class's
   * simple name, else OpenTelemetry's {@code unknown_service:java}.
   */
  static String defaultServiceName(String javaCommand) {
    if (javaCommand == null || javaCommand.trim().isEmpty()) {
      return "unknown_service:java";
    }
    String main = javaCommand.trim().split("\\s+")[0];
    if (main.endsWith(".jar")) {
      String file = new File(main).getName();
      return file.substring(0, file.length() - ".jar".length());
    }
    int dot = main.lastIndexOf('.');
    String simple = dot >= 0 ? main.substring(dot + 1) : main;
    return simple.isEmpty() ? "unknown_service:java" : simple;
  }

  private static void putIfPresent(AttributesBuilder attributes, String key, String value) {
    if (value != null && !value.isEmpty() && !value.contains("null null")) {
      attributes.put(key, value);
    }
  }

  /** Avoids InetAddress.getLocalHost(), which can block for seconds on a misconfigured resolver. */
  private static String hostName() {
    String fromEnv = System.getenv("HOSTNAME");
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv;
    }
    File kernel = new File("/proc/sys/kernel/hostname");
    if (kernel.canRead()) {
      try {
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(new FileInputStream(kernel), Charset.forName("UTF-8")));
        try {
          String line = reader.readLine();
          if (line != null && !line.trim().isEmpty()) {
            return line.trim();
          }
        } finally {
          reader.close();
        }
      } catch (Exception ignored) {
        // fall through
      }
    }
    String computerName = System.getenv("COMPUTERNAME");
    return computerName == null || computerName.isEmpty() ? null : computerName;
  }

  private static long pid() {
    try {
      Class<?> processHandle = Class.forName("java.lang.ProcessHandle");
      Object current = processHandle.getMethod("current").invoke(null);
      return ((Long) processHandle.getMethod("pid").invoke(current)).longValue();
    } catch (Throwable java8) {
      try {
        String name = ManagementFactory.getRuntimeMXBean().getName(); // "pid@host"
        int at = name.indexOf('@');
        return at > 0 ? Long.parseLong(name.substring(0, at)) : -1;
      } catch (Throwable ignored) {
        return -1;
      }
    }
  }

  private static String javaExecutable() {
    String home = System.getProperty("java.home");
    return home == null ? null : home + File.separator + "bin" + File.separator + "java";
  }
}
