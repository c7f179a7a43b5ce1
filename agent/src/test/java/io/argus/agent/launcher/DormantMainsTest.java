package io.argus.agent.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Which JVMs the agent stays dormant in, from what the java launcher records (values seen on JDK 17 and 25). */
class DormantMainsTest {
  private static final String DEFAULT = DormantMains.JDK_TOOLS;

  @Test
  void everyJdkToolLaunchedFromItsModuleIsDormantByDefault() {
    String[][] tools = {
      {"jdk.jcmd/sun.tools.jcmd.JCmd 4242 VM.version", "jdk.jcmd"},
      {"jdk.jcmd/sun.tools.jps.Jps", "jdk.jcmd"},
      {"java.base/sun.security.tools.keytool.Main -help", "java.base"},
      {"jdk.compiler/com.sun.tools.javac.Main -version", "jdk.compiler"},
      {"jdk.jshell/jdk.internal.jshell.tool.JShellToolProvider", "jdk.jshell"},
      {"jdk.jfr/jdk.jfr.internal.tool.Main print x.jfr", "jdk.jfr"},
      {"jdk.httpserver/sun.net.httpserver.simpleserver.JWebServer", "jdk.httpserver"},
      {"jdk.jdeps/com.sun.tools.jnativescan.Main", "jdk.jdeps"},
    };
    for (String[] tool : tools) {
      assertThat(DormantMains.reason(tool[0], tool[1], DEFAULT, "")).as(tool[0])
          .contains("matches argus.dormant.mains entry 'jdk-tools'");
    }
  }

  @Test
  void jdkToolsWithoutModulesAreRecognisedByTheirPackage() {
    assertThat(DormantMains.reason("sun.tools.jcmd.JCmd -l", null, DEFAULT, "")).isNotNull();
    assertThat(DormantMains.reason("com.sun.tools.javac.Main -version", null, DEFAULT, "")).isNotNull();
    assertThat(DormantMains.reason("jdk.nashorn.tools.Shell", null, DEFAULT, "")).isNotNull();
  }

  @Test
  void applicationsStartTheAgent() {
    assertThat(DormantMains.reason("com.acme.orders.Main --port 8080", null, DEFAULT, "")).isNull();
    assertThat(DormantMains.reason("org.apache.catalina.startup.Bootstrap start", null, DEFAULT, "")).isNull();
    assertThat(DormantMains.reason("/opt/app/orders.jar", null, DEFAULT, "")).isNull();
    assertThat(DormantMains.reason("orders/com.acme.orders.Main", "orders", DEFAULT, "")).isNull();
  }

  @Test
  void aJarWhoseNameLooksLikeAJdkPackageIsStillAnApplication() {
    assertThat(DormantMains.reason("jdk.tools.jar", null, DEFAULT, "")).isNull();
    assertThat(DormantMains.reason("sun/app.jar", null, DEFAULT, "")).isNull();
  }

  @Test
  void aJvmWithoutLauncherCommandStartsTheAgent() {
    assertThat(DormantMains.reason(null, null, DEFAULT, "")).isNull();
    assertThat(DormantMains.reason("  ", null, DEFAULT, "")).isNull();
  }

  @Test
  void patternsWithoutSlashMatchTheMainClassOrTheJarFileName() {
    String dormant = "jdk-tools,org.flywaydb.*,migrate-*.jar";
    assertThat(DormantMains.reason("org.flywaydb.commandline.Main migrate", null, dormant, "")).isNotNull();
    assertThat(DormantMains.reason("/opt/tools/migrate-2.1.jar up", null, dormant, "")).isNotNull();
    assertThat(DormantMains.reason("/opt/tools/orders.jar", null, dormant, "")).isNull();
    assertThat(DormantMains.reason("C:\\tools\\migrate-2.1.jar", null, dormant, "")).isNotNull();
  }

  @Test
  void patternsWithSlashMatchModuleAndClassOrTheJarPath() {
    assertThat(DormantMains.reason("jdk.jcmd/sun.tools.jps.Jps", "jdk.jcmd", "jdk.jcmd/*", "")).isNotNull();
    assertThat(DormantMains.reason("jdk.compiler/com.sun.tools.javac.Main", "jdk.compiler", "jdk.jcmd/*", ""))
        .isNull();
    assertThat(DormantMains.reason("/opt/tools/cli.jar", null, "/opt/tools/*", "")).isNotNull();
    assertThat(DormantMains.reason("jdk.httpserver", "jdk.httpserver", "jdk.httpserver/*", "")).isNotNull();
  }

  @Test
  void anActivePatternWinsOverTheDormantList() {
    assertThat(DormantMains.reason("jdk.jcmd/sun.tools.jstat.Jstat -gc 1", "jdk.jcmd", DEFAULT,
        "sun.tools.jstat.Jstat")).isNull();
    assertThat(DormantMains.reason("jdk.jcmd/sun.tools.jps.Jps", "jdk.jcmd", DEFAULT, "sun.tools.jstat.Jstat"))
        .isNotNull();
  }

  @Test
  void noneTurnsDormancyOff() {
    assertThat(DormantMains.reason("jdk.jcmd/sun.tools.jcmd.JCmd", "jdk.jcmd", "none", "")).isNull();
  }

  @Test
  void listsAreTrimmedAndBlankEntriesAreIgnored() {
    assertThat(DormantMains.list(" jdk-tools , ,com.acme.Tool,bad entry ")).containsExactly("jdk-tools",
        "com.acme.Tool");
    assertThat(DormantMains.list("none")).isEmpty();
  }

  @Test
  void theSystemPropertyBeatsTheEnvironmentWhichBeatsTheAgentArgument() {
    Properties properties = new Properties();
    Map<String, String> env = Map.of("ARGUS_DORMANT_MAINS", "from.Env");
    String args = "argus.metrics.port=9500,argus.dormant.mains=from.Args,more.Args,otel.service.name=x";

    assertThat(DormantMains.setting(DormantMains.DORMANT_KEY, properties, Map.of(), args, DEFAULT))
        .isEqualTo("from.Args,more.Args");
    assertThat(DormantMains.setting(DormantMains.DORMANT_KEY, properties, env, args, DEFAULT)).isEqualTo("from.Env");
    properties.setProperty("argus.dormant.mains", "from.Property");
    assertThat(DormantMains.setting(DormantMains.DORMANT_KEY, properties, env, args, DEFAULT))
        .isEqualTo("from.Property");
  }

  @Test
  void anEmptyValueCountsAsNotSet() {
    Properties properties = new Properties();
    properties.setProperty("argus.dormant.mains", "");
    assertThat(DormantMains.setting(DormantMains.DORMANT_KEY, properties, Map.of("ARGUS_DORMANT_MAINS", " "), null,
        DEFAULT)).isEqualTo(DEFAULT);
  }

  @Test
  void globStarMatchesAnyCharacters() {
    assertThat(DormantMains.glob("*", "")).isTrue();
    assertThat(DormantMains.glob("a*b*c", "axxbyyc")).isTrue();
    assertThat(DormantMains.glob("a*b*c", "axxbyy")).isFalse();
    assertThat(DormantMains.glob("com.acme.Tool", "com.acme.Tool")).isTrue();
    assertThat(DormantMains.glob("com.acme.Tool", "com.acme.Tools")).isFalse();
    assertThat(DormantMains.glob("*.Main", "org.flywaydb.commandline.Main")).isTrue();
  }
}
