package io.argus.bootstrap.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServletRoutesTest {
  @Test
  void exactPathAndExtensionMappingsBecomeRoutesUnderTheContextPath() {
    assertThat(ServletRoutes.fromMapping("", "EXACT", "/hello")).isEqualTo("/hello");
    assertThat(ServletRoutes.fromMapping("/shop", "PATH", "/owners/*")).isEqualTo("/shop/owners/*");
    assertThat(ServletRoutes.fromMapping("", "EXTENSION", "*.do")).isEqualTo("/*.do");
    assertThat(ServletRoutes.fromMapping("/shop", "CONTEXT_ROOT", "")).isEqualTo("/shop/");
  }

  @Test
  void catchAllMappingsLeaveTheRouteToTheFallback() {
    assertThat(ServletRoutes.fromMapping("", "DEFAULT", "/")).isNull();
    assertThat(ServletRoutes.fromMapping("", "PATH", "/*")).isNull();
    assertThat(ServletRoutes.fromMapping("", null, null)).isNull();
  }

  @Test
  void onServlet3OnlyAPathMappingIsRecognisedFromServletPathAndPathInfo() {
    assertThat(ServletRoutes.fromServletPath("", "/owners", "/7")).isEqualTo("/owners/*");
    assertThat(ServletRoutes.fromServletPath("/shop", "/owners", "/")).isEqualTo("/shop/owners/*");
    assertThat(ServletRoutes.fromServletPath("", "/hello", null)).isNull(); // exact, extension or default: unknown
    assertThat(ServletRoutes.fromServletPath("", "", "/owners/7")).isNull(); // mapped to /*
  }

  @Test
  void aFrameworkPatternGetsTheContextPathAndAPathMappedServletsPrefix() {
    assertThat(ServletRoutes.frameworkPattern("", "DEFAULT", "/owners/7", "/owners/{ownerId}"))
        .isEqualTo("/owners/{ownerId}");
    assertThat(ServletRoutes.frameworkPattern("/shop", "DEFAULT", "/owners/7", "/owners/{ownerId}"))
        .isEqualTo("/shop/owners/{ownerId}");
    assertThat(ServletRoutes.frameworkPattern("", "PATH", "/api", "/owners/{ownerId}"))
        .isEqualTo("/api/owners/{ownerId}");
    assertThat(ServletRoutes.frameworkPattern("", "DEFAULT", "/x", "")).isNull();
  }
}
