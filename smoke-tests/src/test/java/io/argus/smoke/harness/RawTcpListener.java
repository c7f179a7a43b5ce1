package io.argus.smoke.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP listener on 127.0.0.1 that does not speak HTTP, for the receiver faults HTTP servers cannot produce: it
 * {@linkplain Mode#STALL accepts connections and never answers}, or {@linkplain Mode#GARBAGE answers with bytes that
 * are not HTTP} and closes. One daemon thread accepts; {@link #close()} ends it and every connection it holds.
 */
final class RawTcpListener implements AutoCloseable {

  enum Mode {
    /** Accepts, reads nothing, answers nothing, keeps the connection open until closed. */
    STALL,
    /** Accepts, answers with non-HTTP bytes, closes. */
    GARBAGE
  }

  static final byte[] GARBAGE =
      ("\u0000\u00ff\u0013 not HTTP at all \u0007\r\n\r\n{garbage: [1, 2,\r\n").getBytes(StandardCharsets.ISO_8859_1);

  private final ServerSocket server;
  private final List<Socket> held = new ArrayList<>();
  private final Runnable onConnection;
  private final Thread acceptor;

  /** Binds {@code port} on loopback (retrying a few seconds while the previous owner's socket goes away). */
  RawTcpListener(int port, Mode mode, Runnable onConnection, long bindRetryMillis) {
    this.onConnection = onConnection;
    this.server = bind(port, bindRetryMillis);
    this.acceptor = new Thread(() -> accept(mode), "raw-tcp-" + mode.name().toLowerCase() + "-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private static ServerSocket bind(int port, long retryMillis) {
    long deadline = System.nanoTime() + retryMillis * 1_000_000L;
    while (true) {
      try {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        try {
          socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
          socket.close();
          throw e;
        }
        return socket;
      } catch (BindException e) {
        if (System.nanoTime() > deadline) {
          throw new UncheckedIOException("cannot bind 127.0.0.1:" + port, e);
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new UncheckedIOException("interrupted while binding 127.0.0.1:" + port, e);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot bind 127.0.0.1:" + port, e);
      }
    }
  }

  private void accept(Mode mode) {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        onConnection.run();
        if (mode == Mode.STALL) {
          synchronized (held) {
            held.add(socket);
          }
        } else {
          try (socket) {
            OutputStream out = socket.getOutputStream();
            out.write(GARBAGE);
            out.flush();
          } catch (IOException e) {
            // the client gave up first: nothing to answer
          }
        }
      } catch (SocketException closed) {
        return;
      } catch (IOException e) {
        // one failed accept; keep listening
      }
    }
  }

  int connectionsHeld() {
    synchronized (held) {
      return held.size();
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    synchronized (held) {
      for (Socket socket : held) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
      held.clear();
    }
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
