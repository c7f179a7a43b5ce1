package io.argus.smoke.harness;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OTLP/gRPC trace receiver on 127.0.0.1 (grpc-netty-shaded), serving
 * {@code opentelemetry.proto.collector.trace.v1.TraceService/Export} with a byte[] marshaller: requests are decoded
 * with {@link ExportTraceServiceRequest#parseFrom}, answered with an empty {@link ExportTraceServiceResponse}.
 * gzip-compressed messages are decompressed by gRPC itself.
 *
 * <p>Fault modes as in {@link OtlpHttpReceiver}, with gRPC status codes: {@link #respondWithStatus(Status.Code)},
 * {@link #failNext(int, Status.Code)}, {@link #delayResponses(Duration)}, {@link #stop()} / {@link #start()} on the
 * same port.
 */
public final class OtlpGrpcReceiver implements OtlpTraceReceiver {

  public static final String SERVICE_NAME = "opentelemetry.proto.collector.trace.v1.TraceService";
  public static final MethodDescriptor<byte[], byte[]> EXPORT_METHOD = MethodDescriptor.<byte[], byte[]>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE_NAME, "Export"))
      .setRequestMarshaller(BytesMarshaller.INSTANCE)
      .setResponseMarshaller(BytesMarshaller.INSTANCE)
      .build();
  private static final Duration BIND_RETRY = Duration.ofSeconds(5);

  private final TraceStore store = new TraceStore();
  private final AtomicInteger failNextCount = new AtomicInteger();
  private volatile Status.Code failNextCode;
  private volatile Status.Code failCode;
  private volatile Duration delay = Duration.ZERO;

  private int port;
  private Server server;
  private ScheduledExecutorService scheduler;

  private OtlpGrpcReceiver(int port) {
    this.port = port;
  }

  /** A started receiver on a free port. */
  public static OtlpGrpcReceiver listen() {
    return listen(0);
  }

  /** A started receiver on the given port (0: a free one). */
  public static OtlpGrpcReceiver listen(int port) {
    OtlpGrpcReceiver receiver = new OtlpGrpcReceiver(port);
    receiver.start();
    return receiver;
  }

  @Override
  public TraceStore store() {
    return store;
  }

  @Override
  public synchronized int port() {
    return port;
  }

  @Override
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  @Override
  public synchronized boolean isRunning() {
    return server != null;
  }

  @Override
  public synchronized void start() {
    if (server != null) {
      return;
    }
    ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE_NAME)
        .addMethod(EXPORT_METHOD, ServerCalls.asyncUnaryCall(this::export))
        .build();
    long deadline = System.nanoTime() + BIND_RETRY.toNanos();
    while (true) {
      Server candidate = NettyServerBuilder
          .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
          .addService(service)
          .build();
      try {
        server = candidate.start();
        break;
      } catch (IOException e) {
        candidate.shutdownNow();
        boolean bindFailure = e instanceof BindException || e.getCause() instanceof BindException;
        if (!bindFailure || port == 0 || System.nanoTime() > deadline) {
          throw new UncheckedIOException("cannot start gRPC server on 127.0.0.1:" + port, e);
        }
        sleep(Duration.ofMillis(50));
      }
    }
    port = server.getPort();
    int boundPort = port;
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "otlp-grpc-receiver-" + boundPort + "-delay");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    scheduler.shutdownNow();
    server = null;
    scheduler = null;
  }

  @Override
  public void close() {
    stop();
  }

  /** Answers every call with this status (e.g. UNAVAILABLE) until {@link #respondNormally()}. */
  public void respondWithStatus(Status.Code code) {
    failCode = code == Status.Code.OK ? null : code;
  }

  /** Answers the next {@code count} calls with this status, then as before. */
  public void failNext(int count, Status.Code code) {
    failNextCode = code;
    failNextCount.set(count);
  }

  /** Answers every call only after this delay (the data is kept on arrival). */
  public void delayResponses(Duration delay) {
    this.delay = delay;
  }

  /** Back to answering OK at once. */
  public void respondNormally() {
    failCode = null;
    failNextCount.set(0);
    delay = Duration.ZERO;
  }

  @Override
  public String toString() {
    return "OtlpGrpcReceiver[" + endpoint() + (isRunning() ? "" : " stopped") + "]";
  }

  // ---------------------------------------------------------------------------------------------------------------

  private void export(byte[] body, StreamObserver<byte[]> observer) {
    store.countRequest();
    ExportTraceServiceRequest request;
    try {
      request = ExportTraceServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      store.error("INVALID_ARGUMENT: undecodable request (" + body.length + " bytes): " + e);
      observer.onError(Status.INVALID_ARGUMENT.withDescription("undecodable request").asRuntimeException());
      return;
    }
    Status.Code fault = nextFault();
    if (fault == null) {
      store.accept(request);
    }
    Runnable reply = () -> {
      if (fault != null) {
        observer.onError(Status.fromCode(fault).withDescription("fault injected by OtlpGrpcReceiver")
            .asRuntimeException());
      } else {
        observer.onNext(ExportTraceServiceResponse.getDefaultInstance().toByteArray());
        observer.onCompleted();
      }
    };
    Duration currentDelay = delay;
    ScheduledExecutorService currentScheduler;
    synchronized (this) {
      currentScheduler = scheduler;
    }
    if (currentDelay.isZero() || currentScheduler == null) {
      reply.run();
    } else {
      try {
        currentScheduler.schedule(reply, currentDelay.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // Stopping: the call is being cancelled anyway.
      }
    }
  }

  private Status.Code nextFault() {
    if (failNextCount.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
      return failNextCode;
    }
    return failCode;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Passes messages through as raw bytes. */
  private enum BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw Status.INTERNAL.withDescription("cannot read request").withCause(e).asRuntimeException();
      }
    }
  }
}
