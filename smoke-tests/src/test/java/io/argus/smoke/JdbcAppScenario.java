package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.OtlpHttpReceiver;
import io.argus.smoke.harness.PrometheusText;
import io.argus.smoke.harness.ReceivedSpan;
import io.argus.smoke.harness.SmokeApps;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Runs {@code apps/jdbc-app} with the agent against one database, in one mode ({@code plain} JDBC or {@code hikari}),
 * and checks what it must produce: one CLIENT span per call with sanitized SQL and the database's attributes, errors
 * with their SQLState, commit and rollback spans, exact histogram counts, and in pool mode HikariCP's metrics.
 */
final class JdbcAppScenario {
  static final String MAIN = "io.argus.smoke.apps.jdbc.JdbcApp";
  static final String POOL = "shop-pool";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration APP_RUN = Duration.ofSeconds(120);

  /** What the database should look like in the spans. {@code address} null for an embedded database. */
  record Database(String system, String namespace, String address, int port, String missingTableSqlState,
      boolean storedProcedures) {}

  /** Literal values the app puts in its SQL or binds: none may reach a span. */
  private static final List<String> SECRETS =
      List.of("Alice", "Hara", "12.50", "99.95", "Batch Customer", "Rolled Back", "secret", "TRUE", "FALSE");

  private JdbcAppScenario() {}

  static void runAndVerify(String mode, String url, String user, String password, Database database) {
    int metricsPort = AgentJvm.freePort();
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen();
        AgentJvm app = AgentJvm.builder()
            .name("jdbc-" + mode + "-" + database.system())
            .classPath(SmokeApps.classPath("jdbc-app"))
            .mainClass(MAIN)
            .args(mode, url, user, password)
            .env("OTEL_SERVICE_NAME", "shop")
            .env("OTEL_TRACES_EXPORTER", "otlp")
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
            .env("ARGUS_METRICS_PORT", String.valueOf(metricsPort))
            .start()) {
      app.awaitStdout("JDBC APP DONE", APP_RUN);
      int borrowed = Integer.parseInt(app.awaitStdout("CONNECTIONS BORROWED", WAIT).split(" ")[2]);
      new Checks(receiver, database).verifySpans();
      PrometheusText metrics =
          PrometheusText.parse(HttpGet.get("http://127.0.0.1:" + metricsPort + "/metrics", WAIT).body());
      verifyDurationHistogram(metrics, database);
      // Nothing of ours failed along the way (advice and helpers report their own failures here).
      assertThat(metrics.sum("argus_instrumentation_errors_total", "instrumentation", "jdbc")).isZero();
      assertThat(metrics.sum("argus_instrumentation_errors_total", "instrumentation", "hikaricp")).isZero();
      assertThat(app.stderrLines()).as("classes of the driver or the pool left uninstrumented")
          .noneMatch(line -> line.contains("transform_failed") && (line.contains("org.h2.")
              || line.contains("org.postgresql.") || line.contains("com.zaxxer.")));
      if (mode.equals("hikari")) {
        verifyPoolMetrics(metrics, borrowed + 1); // + the connection the app keeps borrowed
      } else {
        assertThat(metrics.samples("db_client_connection_count")).isEmpty();
      }
    }
  }

  /** Spans as the OTLP receiver got them, awaited one expectation at a time (batches may arrive out of order). */
  private record Checks(OtlpHttpReceiver receiver, Database database) {
    List<ReceivedSpan> await(String name, String queryText, int count) {
      Predicate<ReceivedSpan> matches = span -> span.name().equals(name)
          && (queryText == null || queryText.equals(span.attribute("db.query.text")));
      return receiver.store().awaitSpans(matches, count, WAIT);
    }

    void verifySpans() {
      String insert = "INSERT INTO orders (id, customer, total, paid) VALUES (?, ?, ?, ?)";
      ReceivedSpan create = await("CREATE orders", null, 1).get(0);
      assertThat(create.attribute("db.query.text"))
          .isEqualTo("CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR(?), total DECIMAL(?,?), paid BOOLEAN)");
      assertThat(create.attribute("db.operation.name")).isEqualTo("CREATE");
      List<ReceivedSpan> inserts = await("INSERT orders", insert, 2); // the plain one and the rolled-back one
      await("SELECT orders", "SELECT id, customer FROM orders WHERE customer = ? AND id IN (?)", 1);
      await("SELECT orders", "SELECT customer FROM orders WHERE id = ?", 3);

      ReceivedSpan preparedBatch = await("BATCH INSERT orders", insert, 1).get(0);
      assertThat(preparedBatch.attribute("db.operation.batch.size")).isEqualTo("3");
      assertThat(preparedBatch.attribute("db.operation.name")).isEqualTo("BATCH INSERT");
      ReceivedSpan plainBatch = await("BATCH UPDATE orders", "UPDATE orders SET paid = ? WHERE id = ?", 1).get(0);
      assertThat(plainBatch.attribute("db.operation.batch.size")).isEqualTo("2");

      ReceivedSpan failed = await("SELECT no_such_table", "SELECT * FROM no_such_table", 1).get(0);
      assertThat(failed.statusCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
      assertThat(failed.eventNames()).containsExactly("exception");
      assertThat(failed.span().getEvents(0).getAttributesList())
          .anySatisfy(kv -> {
            assertThat(kv.getKey()).isEqualTo("exception.type");
            assertThat(kv.getValue().getStringValue()).contains("SQL").contains("Exception");
          });
      assertThat(failed.attribute("db.response.status_code")).isEqualTo(database.missingTableSqlState());
      assertThat(failed.attribute("error.type")).isEqualTo(database.missingTableSqlState());

      ReceivedSpan rollback = await("ROLLBACK", null, 1).get(0);
      assertThat(rollback.attribute("db.operation.name")).isEqualTo("ROLLBACK");
      ReceivedSpan rolledBackInsert = inserts.stream()
          .max((a, b) -> Long.compare(a.span().getStartTimeUnixNano(), b.span().getStartTimeUnixNano())).get();
      assertThat(rollback.span().getStartTimeUnixNano()).isGreaterThanOrEqualTo(rolledBackInsert.span().getEndTimeUnixNano());
      await("SELECT orders", "SELECT COUNT(*) FROM orders WHERE id = ?", 1);
      await("UPDATE orders", "UPDATE orders SET total = total + ? WHERE id = ?", 1);
      await("COMMIT", null, 1);

      if (database.storedProcedures()) {
        await("CREATE", "CREATE PROCEDURE mark_paid(order_id INT) LANGUAGE SQL AS ?", 1);
        ReceivedSpan call = await("CALL mark_paid", "CALL mark_paid(?)", 1).get(0);
        assertThat(call.attribute("db.stored_procedure.name")).isEqualTo("mark_paid");
      }

      List<ReceivedSpan> all = receiver.store().spans(span -> span.attribute("db.system.name") != null);
      assertThat(all).allSatisfy(span -> {
        assertThat(span.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(span.attribute("db.system.name")).isEqualTo(database.system());
        assertThat(span.attribute("db.namespace")).isEqualTo(database.namespace());
        assertThat(span.attribute("server.address")).isEqualTo(database.address());
        assertThat(span.attribute("server.port"))
            .isEqualTo(database.address() == null ? null : String.valueOf(database.port()));
        assertThat(span.resourceAttribute("service.name")).isEqualTo("shop");
        for (String secret : SECRETS) {
          assertThat(span.attributes().values()).as(span.toString()).noneMatch(value -> value.contains(secret));
        }
      });
      // One span per call, however the driver or the pool nests its own methods.
      assertThat(receiver.store().spans(span -> "SELECT customer FROM orders WHERE id = ?"
          .equals(span.attribute("db.query.text")))).hasSize(3);
      assertThat(receiver.store().spans(span -> span.name().startsWith("BATCH"))).hasSize(2);
      assertThat(receiver.store().spans(span -> span.name().equals("ROLLBACK"))).hasSize(1);
      assertThat(receiver.store().spans(span -> span.name().equals("INSERT orders"))).hasSize(2);
    }
  }

  private static void verifyDurationHistogram(PrometheusText metrics, Database database) {
    String name = "db_client_operation_duration_seconds_count";
    String system = database.system();
    assertThat(metrics.type("db_client_operation_duration_seconds")).contains("histogram");
    assertThat(count(metrics, system, "CREATE", "orders")).isEqualTo(1);
    assertThat(count(metrics, system, "INSERT", "orders")).isEqualTo(2);
    assertThat(count(metrics, system, "SELECT", "orders")).isEqualTo(5);
    assertThat(count(metrics, system, "BATCH INSERT", "orders")).isEqualTo(1);
    assertThat(count(metrics, system, "BATCH UPDATE", "orders")).isEqualTo(1);
    assertThat(count(metrics, system, "UPDATE", "orders")).isEqualTo(1);
    assertThat(count(metrics, system, "SELECT", "no_such_table")).isEqualTo(1);
    // The failing statement is counted under its SQLState (error_type), the successful ones under "".
    assertThat(metrics.samples(name, "db_collection_name", "no_such_table").get(0).labels().get("error_type"))
        .isNotEmpty();
    assertThat(metrics.value(name, "db_system_name", system, "db_operation_name", "SELECT",
        "db_collection_name", "orders", "error_type", "")).isEqualTo(5);
    assertThat(count(metrics, system, "ROLLBACK", "")).isEqualTo(1);
    assertThat(count(metrics, system, "COMMIT", "")).isGreaterThanOrEqualTo(1);
    if (database.storedProcedures()) {
      assertThat(count(metrics, system, "CALL", "")).isEqualTo(1);
    }
    assertThat(metrics.samples(name)).allSatisfy(sample ->
        assertThat(sample.labels())
            .containsOnlyKeys("db_system_name", "db_operation_name", "db_collection_name", "error_type"));
  }

  private static double count(PrometheusText metrics, String system, String operation, String collection) {
    return metrics.value("db_client_operation_duration_seconds_count",
        "db_system_name", system, "db_operation_name", operation, "db_collection_name", collection);
  }

  private static void verifyPoolMetrics(PrometheusText metrics, int connectionsAskedFor) {
    assertThat(metrics.value("db_client_connection_count", "pool_name", POOL, "state", "used")).isEqualTo(1);
    assertThat(metrics.value("db_client_connection_count", "pool_name", POOL, "state", "idle"))
        .isBetween(0.0, 3.0);
    assertThat(metrics.value("db_client_connection_max", "pool_name", POOL)).isEqualTo(4);
    assertThat(metrics.value("db_client_connection_pending_requests", "pool_name", POOL)).isZero();
    assertThat(metrics.value("db_client_connection_wait_time_seconds_count", "pool_name", POOL))
        .isEqualTo(connectionsAskedFor);
    assertThat(metrics.type("db_client_connection_wait_time_seconds")).contains("histogram");
  }
}
