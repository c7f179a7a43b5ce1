package io.argus.bootstrap.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.SpanKind;
import io.argus.bootstrap.SpanStatus;
import io.argus.bootstrap.metrics.ArgusMetrics;
import io.argus.bootstrap.metrics.MetricsBackend;
import io.argus.bootstrap.sampling.ConstantSampler;
import io.argus.bootstrap.sampling.ParentBasedSampler;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The advice's sequence of calls, played by hand: what span and which observation each JDBC call produces. */
class JdbcCallTest {
  private static final List<String> OBSERVATIONS = new CopyOnWriteArrayList<>();
  private static final String URL = "jdbc:postgresql://db.internal:6543/shop?user=app&password=hunter2";

  private final List<ArgusSpan> ended = new CopyOnWriteArrayList<>();
  private final Object connection = new Object();

  @BeforeAll
  static void recordMetrics() {
    ArgusMetrics.install(new MetricsBackend() {
      @Override
      public Recorder histogram(String name, String help, double[] buckets, String[] labelNames) {
        return (value, labels) -> OBSERVATIONS.add(name + String.join(",", labels));
      }

      @Override
      public Recorder upDownGauge(String name, String help, String[] labelNames) {
        return (value, labels) -> {};
      }

      @Override
      public Recorder counter(String name, String help, String[] labelNames) {
        return (value, labels) -> {};
      }
    });
  }

  @BeforeEach
  void install() {
    ArgusTracer.install(new ParentBasedSampler(ConstantSampler.ALWAYS_ON), ended::add);
    OBSERVATIONS.clear();
  }

  @AfterEach
  void uninstall() {
    ArgusTracer.uninstall();
  }

  /** enter, connection lookup and begin, as the advice does them. */
  private JdbcCall enter(JdbcCall call, Object jdbcConnection) {
    if (call != null && call.needsConnection() && !call.useKnownConnection(jdbcConnection)) {
      call.useConnectionUrl(jdbcConnection, URL);
    }
    if (call != null) {
      call.begin();
    }
    return call;
  }

  private ArgusSpan onlySpan() {
    assertThat(ended).hasSize(1);
    return ended.get(0);
  }

  @Test
  void aStatementBecomesAClientSpanNamedByOperationAndTableWithSanitizedText() {
    JdbcCall call = enter(JdbcCall.enterStatement(new Object(), "SELECT * FROM orders WHERE id = 7 AND note = 'x'"),
        connection);
    JdbcCall.exit(call, null, null, 0);

    ArgusSpan span = onlySpan();
    assertThat(span.name()).isEqualTo("SELECT orders");
    assertThat(span.kind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.attribute("db.system.name")).isEqualTo("postgresql");
    assertThat(span.attribute("db.namespace")).isEqualTo("shop");
    assertThat(span.attribute("server.address")).isEqualTo("db.internal");
    assertThat(span.attribute("server.port")).isEqualTo(6543L);
    assertThat(span.attribute("db.query.text")).isEqualTo("SELECT * FROM orders WHERE id = ? AND note = ?");
    assertThat(span.attribute("db.operation.name")).isEqualTo("SELECT");
    assertThat(span.attribute("db.collection.name")).isEqualTo("orders");
    assertThat(span.status()).isEqualTo(SpanStatus.UNSET);
    assertThat(OBSERVATIONS).containsExactly("db_client_operation_duration_secondspostgresql,SELECT,orders,");
  }

  @Test
  void aDriverCallingItselfGivesOneSpan() {
    Object statement = new Object();
    JdbcCall outer = enter(JdbcCall.enterStatement(statement, "SELECT 1"), connection);
    JdbcCall inner = JdbcCall.enterStatement(statement, "SELECT 1");
    JdbcCall innermost = JdbcCall.enterPrepared(statement);
    assertThat(inner).isNull();
    assertThat(innermost).isNull();
    JdbcCall.exit(innermost, null, null, 0);
    JdbcCall.exit(inner, null, null, 0);
    JdbcCall.exit(outer, null, null, 0);

    assertThat(onlySpan().name()).isEqualTo("SELECT");
    assertThat(OBSERVATIONS).hasSize(1);

    JdbcCall.exit(enter(JdbcCall.enterStatement(statement, "SELECT 2"), connection), null, null, 0);
    assertThat(ended).hasSize(2); // the depth unwound completely
  }

  @Test
  void aFailingStatementHasErrorStatusTheExceptionAndItsSqlStateAndVendorCode() {
    SQLException failure = new SQLException("relation \"nope\" does not exist", "42P01", 7);
    JdbcCall call = enter(JdbcCall.enterStatement(new Object(), "SELECT * FROM nope"), connection);
    JdbcCall.exit(call, failure, failure.getSQLState(), failure.getErrorCode());

    ArgusSpan span = onlySpan();
    assertThat(span.status()).isEqualTo(SpanStatus.ERROR);
    assertThat(span.events()).hasSize(1);
    assertThat(span.events().get(0).exception()).isSameAs(failure);
    assertThat(span.attribute("db.response.status_code")).isEqualTo("42P01");
    assertThat(span.attribute("db.response.vendor_code")).isEqualTo(7L);
    assertThat(span.attribute("error.type")).isEqualTo("42P01");
  }

  @Test
  void aPreparedStatementUsesTheSqlRememberedAtPrepareTime() {
    Object statement = new Object();
    JdbcStatements.prepared(statement, "UPDATE orders SET paid = ? WHERE id = ?", connection);
    for (int i = 0; i < 3; i++) {
      JdbcCall.exit(enter(JdbcCall.enterPrepared(statement), connection), null, null, 0);
    }

    assertThat(ended).hasSize(3).allSatisfy(span -> {
      assertThat(span.name()).isEqualTo("UPDATE orders");
      assertThat(span.attribute("db.query.text")).isEqualTo("UPDATE orders SET paid = ? WHERE id = ?");
    });
  }

  @Test
  void aPreparedBatchIsOneSpanWithItsSizeAndTheStatementsBatchIsEmptyAfterwards() {
    Object statement = new Object();
    JdbcStatements.prepared(statement, "INSERT INTO orders (id, total) VALUES (?, ?)", connection);
    for (int i = 0; i < 3; i++) {
      JdbcStatements.enterAddBatch();
      JdbcStatements.exitAddBatch(statement, null, true);
    }
    JdbcStatements.enterAddBatch();
    JdbcStatements.exitAddBatch(statement, null, false); // addBatch threw: not part of the batch
    JdbcCall.exit(enter(JdbcCall.enterBatch(statement), connection), null, null, 0);

    ArgusSpan span = onlySpan();
    assertThat(span.name()).isEqualTo("BATCH INSERT orders");
    assertThat(span.attribute("db.operation.name")).isEqualTo("BATCH INSERT");
    assertThat(span.attribute("db.operation.batch.size")).isEqualTo(3L);
    assertThat(JdbcStatements.state(statement).batchSize()).isZero();
  }

  @Test
  void aPoolProxyAndTheDriverStatementItWrapsCountTheBatchOnce() {
    Object proxy = new Object();
    Object driverStatement = new Object();
    JdbcStatements.enterAddBatch(); // the proxy's addBatch
    JdbcStatements.enterAddBatch(); // delegating to the driver's
    JdbcStatements.exitAddBatch(driverStatement, "DELETE FROM audit", true);
    JdbcStatements.exitAddBatch(proxy, "DELETE FROM audit", true);

    assertThat(JdbcStatements.state(proxy).batchSize()).isEqualTo(1);
    assertThat(JdbcStatements.state(driverStatement)).isNull();
  }

  @Test
  void aPlainBatchOfDifferentStatementsIsNamedBatchAndJoinsTheirTexts() {
    Object statement = new Object();
    for (String sql : new String[] {"INSERT INTO audit VALUES (1)", "INSERT INTO audit VALUES (2)",
        "UPDATE orders SET paid = true WHERE id = 9"}) {
      JdbcStatements.enterAddBatch();
      JdbcStatements.exitAddBatch(statement, sql, true);
    }
    JdbcCall.exit(enter(JdbcCall.enterBatch(statement), connection), null, null, 0);

    ArgusSpan span = onlySpan();
    assertThat(span.name()).isEqualTo("BATCH");
    assertThat(span.attribute("db.collection.name")).isNull();
    assertThat(span.attribute("db.operation.batch.size")).isEqualTo(3L);
    assertThat(span.attribute("db.query.text"))
        .isEqualTo("INSERT INTO audit VALUES (?); UPDATE orders SET paid = ? WHERE id = ?");
  }

  @Test
  void clearBatchForgetsTheStatementsAdded() {
    Object statement = new Object();
    JdbcStatements.enterAddBatch();
    JdbcStatements.exitAddBatch(statement, "DELETE FROM audit", true);
    JdbcStatements.clearBatch(statement);

    assertThat(JdbcStatements.state(statement).batchSize()).isZero();
  }

  @Test
  void commitAndRollbackAreTheirOwnSpans() {
    JdbcCall.exit(enter(JdbcCall.enterTransaction(connection, "commit"), connection), null, null, 0);
    JdbcCall.exit(enter(JdbcCall.enterTransaction(connection, "rollback"), connection), null, null, 0);

    assertThat(ended).extracting(ArgusSpan::name).containsExactly("COMMIT", "ROLLBACK");
    assertThat(ended.get(1).attribute("db.operation.name")).isEqualTo("ROLLBACK");
    assertThat(OBSERVATIONS).containsExactly("db_client_operation_duration_secondspostgresql,COMMIT,,",
        "db_client_operation_duration_secondspostgresql,ROLLBACK,,");
  }

  @Test
  void aCommitOnAConnectionNeverSeenUsesItsUrlWithoutRememberingIt() {
    Object proxyConnection = new Object(); // a pool's proxy: a new one per borrow
    JdbcCall commit = JdbcCall.enterTransaction(proxyConnection, "commit");
    assertThat(commit.needsConnection()).isTrue();
    commit.useUnrememberedConnectionUrl("jdbc:postgresql://db.internal:5433/shop");
    commit.begin();
    JdbcCall.exit(commit, null, null, 0);

    assertThat(onlySpan().attribute("server.address")).isEqualTo("db.internal");
    assertThat(JdbcConnectionInfo.cached(proxyConnection)).isNull();
  }

  @Test
  void theConnectionIsLookedUpOncePerConnectionNotPerQuery() {
    Object freshConnection = new Object();
    JdbcCall first = JdbcCall.enterStatement(new Object(), "SELECT 1");
    assertThat(first.needsConnection()).isTrue();
    assertThat(first.useKnownConnection(freshConnection)).isFalse();
    first.useConnectionUrl(freshConnection, URL);
    first.begin();
    JdbcCall.exit(first, null, null, 0);

    JdbcCall second = JdbcCall.enterStatement(new Object(), "SELECT 2");
    assertThat(second.useKnownConnection(freshConnection)).isTrue();
    second.begin();
    JdbcCall.exit(second, null, null, 0);

    Object prepared = new Object();
    JdbcStatements.prepared(prepared, "SELECT 3", freshConnection);
    JdbcCall third = JdbcCall.enterPrepared(prepared);
    assertThat(third.needsConnection()).isFalse(); // known at prepare time
    third.begin();
    JdbcCall.exit(third, null, null, 0);
  }

  @Test
  void durationsAreRecordedEvenWhenTheTraceIsNotSampled() {
    ArgusTracer.install(ConstantSampler.ALWAYS_OFF, ended::add);
    JdbcCall.exit(enter(JdbcCall.enterStatement(new Object(), "DELETE FROM audit"), connection), null, null, 0);

    assertThat(ended).isEmpty();
    assertThat(OBSERVATIONS).containsExactly("db_client_operation_duration_secondspostgresql,DELETE,audit,");
  }

  @Test
  void withoutAConnectionTheCallIsStillRecordedAsOtherSql() {
    JdbcCall call = JdbcCall.enterStatement(new Object(), "frobnicate");
    call.begin();
    JdbcCall.exit(call, null, null, 0);

    assertThat(onlySpan().name()).isEqualTo("other_sql");
    assertThat(onlySpan().attribute("db.system.name")).isEqualTo("other_sql");
  }
}
