package io.argus.bootstrap.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressTextTest {
  @Test
  void isTheAddressesTextAndTheSameStringForTheSameAddressObject() throws Exception {
    InetAddress v4 = InetAddress.getByAddress(new byte[] {10, 0, 0, 7});
    InetAddress v6 = InetAddress.getByName("::1");

    String first = AddressText.of(v4);

    assertThat(first).isEqualTo("10.0.0.7");
    assertThat(AddressText.of(v4)).isSameAs(first);
    assertThat(AddressText.of(v6)).isEqualTo(v6.getHostAddress());
    assertThat(AddressText.of(InetAddress.getByAddress(new byte[] {10, 0, 0, 8}))).isEqualTo("10.0.0.8");
    assertThat(AddressText.of(null)).isNull();
  }

  @Test
  void manyAddressesSharingSlotsEachGetTheirOwnText() throws Exception {
    for (int i = 0; i < 1000; i++) {
      InetAddress address = InetAddress.getByAddress(new byte[] {10, 1, (byte) (i >> 8), (byte) i});
      assertThat(AddressText.of(address)).isEqualTo("10.1." + ((i >> 8) & 0xff) + "." + (i & 0xff));
    }
  }
}
