package io.argus.agent.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ControlRequestTest {

  @Test
  void getOfControlAsksForTheWholeState() throws Exception {
    assertThat(ControlRequest.parse("GET", "/control").isStateQuery()).isTrue();
    assertThat(ControlRequest.parse("HEAD", "/control/").isStateQuery()).isTrue();
  }

  @Test
  void postOfAnActionNamesGroupIdAndDirection() throws Exception {
    ControlRequest off = ControlRequest.parse("POST", "/control/instrumentations/jdbc/disable");
    ControlRequest on = ControlRequest.parse("POST", "/control/capabilities/0/enable");

    assertThat(off.isStateQuery()).isFalse();
    assertThat(off.group).isEqualTo("instrumentations");
    assertThat(off.id).isEqualTo("jdbc");
    assertThat(off.enable).isFalse();
    assertThat(on.group).isEqualTo("capabilities");
    assertThat(on.id).isEqualTo("0");
    assertThat(on.enable).isTrue();
  }

  @Test
  void theIdIsPercentDecodedAndAPlusStaysAPlus() throws Exception {
    ControlRequest request = ControlRequest.parse("POST",
        "/control/capabilities/com.acme.Agent+%5Bexecute%5D%20agent%3Dfield%3Aname/disable");

    assertThat(request.id).isEqualTo("com.acme.Agent+[execute] agent=field:name");
    assertThat(ControlRequest.parse("POST", "/control/capabilities/caf%C3%A9/disable").id).isEqualTo("café");
  }

  @Test
  void aWrongMethodIs405WithTheAllowedOnes() {
    assertThatThrownBy(() -> ControlRequest.parse("GET", "/control/instrumentations/jdbc/disable"))
        .isInstanceOfSatisfying(ControlRequest.Invalid.class, invalid -> {
          assertThat(invalid.status).isEqualTo(405);
          assertThat(invalid.allow).isEqualTo("POST");
          assertThat(invalid.getMessage()).isEqualTo(
              "method GET not allowed on /control/instrumentations/jdbc/disable: use POST");
        });
    assertThatThrownBy(() -> ControlRequest.parse("DELETE", "/control"))
        .isInstanceOfSatisfying(ControlRequest.Invalid.class, invalid -> {
          assertThat(invalid.status).isEqualTo(405);
          assertThat(invalid.allow).isEqualTo("GET, HEAD");
        });
  }

  @Test
  void anUnknownActionIs404NamingTheValidOnes() {
    assertThatThrownBy(() -> ControlRequest.parse("POST", "/control/instrumentations/jdbc/toggle"))
        .isInstanceOfSatisfying(ControlRequest.Invalid.class, invalid -> {
          assertThat(invalid.status).isEqualTo(404);
          assertThat(invalid.getMessage()).isEqualTo("unknown control action 'toggle': expected enable or disable");
        });
  }

  @Test
  void pathsOfAnyOtherShapeAre404WithTheExpectedShape() {
    for (String path : new String[] {"/control/instrumentations", "/control/instrumentations/jdbc",
        "/control/instrumentations/jdbc/disable/now", "/control//jdbc/disable", "/control/instrumentations//disable",
        "/controls", "/control/x/y/disable/"}) {
      assertThatThrownBy(() -> ControlRequest.parse("POST", path)).as(path)
          .isInstanceOfSatisfying(ControlRequest.Invalid.class, invalid -> {
            assertThat(invalid.status).isEqualTo(404);
            assertThat(invalid.getMessage()).startsWith("no such control path '" + path + "': expected GET /control"
                + " or POST /control/{capabilities|instrumentations}/{id}/{enable|disable}");
          });
    }
  }

  @Test
  void aMalformedEscapeIs400() {
    for (String id : new String[] {"%zz", "abc%", "abc%4"}) {
      assertThatThrownBy(() -> ControlRequest.parse("POST", "/control/capabilities/" + id + "/disable")).as(id)
          .isInstanceOfSatisfying(ControlRequest.Invalid.class, invalid -> {
            assertThat(invalid.status).isEqualTo(400);
            assertThat(invalid.getMessage()).isEqualTo("malformed percent-encoding in '" + id + "'");
          });
    }
  }

  @Test
  void aHugePathIsShownShortened() {
    String huge = "/control/" + "x".repeat(10_000);

    assertThatThrownBy(() -> ControlRequest.parse("POST", huge))
        .isInstanceOfSatisfying(ControlRequest.Invalid.class,
            invalid -> assertThat(invalid.getMessage()).hasSizeLessThan(400).contains("..."));
  }
}
