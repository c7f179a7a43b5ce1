package io.argus.bootstrap.http;

import java.net.InetAddress;

/**
 * The text of a peer's IP address ({@code client.address}), remembered per address object: a keep-alive connection
 * hands its server the same {@link InetAddress} for each of its requests, and {@link InetAddress#getHostAddress()}
 * built a new string every time. A small table indexed by identity hash; racy on purpose: a reader sees an entry
 * whole (final fields) or misses and formats the address again.
 */
public final class AddressText {
  private static final int SLOTS = 64; // a power of two
  private static final Entry[] TABLE = new Entry[SLOTS];

  private AddressText() {}

  /** {@code address.getHostAddress()}, or null for a null address. */
  public static String of(InetAddress address) {
    if (address == null) {
      return null;
    }
    int slot = System.identityHashCode(address) & (SLOTS - 1);
    Entry entry = TABLE[slot];
    if (entry != null && entry.address == address) {
      return entry.text;
    }
    String text = address.getHostAddress();
    TABLE[slot] = new Entry(address, text);
    return text;
  }

  private static final class Entry {
    final InetAddress address;
    final String text;

    Entry(InetAddress address, String text) {
      this.address = address;
      this.text = text;
    }
  }
}
