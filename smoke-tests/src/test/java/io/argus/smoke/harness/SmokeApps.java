package io.argus.smoke.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the smoke-test applications under {@code smoke-tests/apps/} are built, for launching them with
 * {@link AgentJvm}. The directory comes from the system property {@code argus.smoke.apps.dir} (set by the pom), else
 * {@code apps} under the working directory.
 */
public final class SmokeApps {

  public static final String APPS_DIR_PROPERTY = "argus.smoke.apps.dir";
  /** Main class of {@code apps/bundled-libraries}. */
  public static final String BUNDLED_LIBRARIES_MAIN = "io.argus.smoke.apps.bundled.BundledLibrariesApp";

  private SmokeApps() {}

  /** {@code smoke-tests/apps}. */
  public static Path appsDir() {
    String property = System.getProperty(APPS_DIR_PROPERTY);
    return Path.of(property == null || property.isBlank() ? "apps" : property).toAbsolutePath().normalize();
  }

  /** The module directory of an app, e.g. {@code appDir("bundled-libraries")}. */
  public static Path appDir(String app) {
    return appsDir().resolve(app);
  }

  /**
   * The class path of an app built with target/classes plus its dependencies copied to target/lib:
   * {@code [<app>/target/classes, <app>/target/lib/*]}. Fails with a hint if the app has not been built.
   */
  public static List<String> classPath(String app) {
    Path target = appDir(app).resolve("target");
    Path classes = target.resolve("classes");
    Path lib = target.resolve("lib");
    if (!Files.isDirectory(classes) || !Files.isDirectory(lib)) {
      throw new IllegalStateException("smoke app " + app + " is not built (" + classes + " and " + lib
          + " must exist); build it first: mvn -pl smoke-tests/apps/" + app + " process-classes");
    }
    return List.of(classes.toString(), lib.resolve("*").toString());
  }

  /** The class path of {@code apps/bundled-libraries}. */
  public static List<String> bundledLibrariesClassPath() {
    return classPath("bundled-libraries");
  }
}
