package io.argus.instrumentation.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.argus.bootstrap.jdbc.SanitizedSqlCache;
import io.argus.instrumentation.api.AdviceErrors;
import io.argus.instrumentation.api.ArgusInstrumentation;
import io.argus.instrumentation.api.ClassFileHints;
import io.argus.instrumentation.api.ImplementationOf;
import io.argus.instrumentation.api.InstrumentationSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * JDBC in any driver: every class implementing {@code java.sql.Statement} (so {@code PreparedStatement} and
 * {@code CallableStatement} too) or {@code java.sql.Connection}, except the JDK's own and the agent's. Matching the
 * interfaces rather than vendor classes is what makes it work for drivers and pools nobody listed; wrappers (pools,
 * proxies) are matched too, and the call-depth guard leaves one span per call.
 */
public final class JdbcInstrumentation implements ArgusInstrumentation {
  static final String MAX_LENGTH_SETTING = "argus.jdbc.sql.max.length";
  static final String CACHE_SIZE_SETTING = "argus.jdbc.sql.cache.size";

  private static final String[] EXECUTE = {"execute", "executeQuery", "executeUpdate", "executeLargeUpdate"};
  private static final String[] EXECUTE_BATCH = {"executeBatch", "executeLargeBatch"};
  private static final String[] PREPARE = {"prepareStatement", "prepareCall"};
  private static final String ADD_BATCH = "addBatch";
  private static final String CLEAR_BATCH = "clearBatch";
  private static final String CLOSE = "close";
  private static final String COMMIT = "commit";
  private static final String ROLLBACK = "rollback";
  /** Every method name the transformer below advises: a class declaring none of them has nothing to instrument. */
  private static final String[] ADVISED_METHODS =
      concat(EXECUTE, EXECUTE_BATCH, PREPARE, new String[] {ADD_BATCH, CLEAR_BATCH, CLOSE, COMMIT, ROLLBACK});

  @Override
  public String name() {
    return "jdbc";
  }

  /** Advice references java.sql, which the bootstrap class loader cannot see (it is a platform module). */
  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return not(isBootstrapClassLoader());
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    // Names first: they need no class file. Every other class of the application is then checked by its hierarchy.
    return not(nameStartsWith("java.")
            .or(nameStartsWith("javax."))
            .or(nameStartsWith("jdk."))
            .or(nameStartsWith("sun."))
            .or(nameStartsWith("com.sun."))
            .or(nameStartsWith("io.argus.")))
        .and(new ImplementationOf("java.sql.Statement", "java.sql.Connection"));
  }

  @Override
  public ClassFileHints classFileHints() {
    return ClassFileHints.declaringMethod(ADVISED_METHODS);
  }

  @Override
  public AgentBuilder.Transformer transformer() {
    Advice.ExceptionHandler errors = AdviceErrors.reportedAs(name());
    return (builder, type, classLoader, module, protectionDomain) -> {
      if (type.isAssignableTo(java.sql.Statement.class)) {
        builder =
            builder
                .visit(Advice.to(JdbcStatementAdvice.class).withExceptionHandler(errors)
                    .on(concrete(namedOneOf(EXECUTE).and(takesArgument(0, String.class)))))
                .visit(Advice.to(JdbcPreparedStatementAdvice.class).withExceptionHandler(errors)
                    .on(concrete(namedOneOf(EXECUTE).and(takesArguments(0)))))
                .visit(Advice.to(JdbcBatchAdvice.class).withExceptionHandler(errors)
                    .on(concrete(namedOneOf(EXECUTE_BATCH).and(takesArguments(0)))))
                .visit(Advice.to(JdbcAddBatchAdvice.class).withExceptionHandler(errors)
                    .on(concrete(named(ADD_BATCH).and(takesArguments(String.class)))))
                .visit(Advice.to(JdbcAddPreparedBatchAdvice.class).withExceptionHandler(errors)
                    .on(concrete(named(ADD_BATCH).and(takesArguments(0)))))
                .visit(Advice.to(JdbcClearBatchAdvice.class).withExceptionHandler(errors)
                    .on(concrete(named(CLEAR_BATCH).and(takesArguments(0)))))
                .visit(Advice.to(JdbcCloseAdvice.class).withExceptionHandler(errors)
                    .on(concrete(named(CLOSE).and(takesArguments(0)))));
      }
      if (type.isAssignableTo(java.sql.Connection.class)) {
        builder =
            builder
                .visit(Advice.to(JdbcPrepareAdvice.class).withExceptionHandler(errors)
                    .on(concrete(namedOneOf(PREPARE)
                        .and(takesArgument(0, String.class))
                        .and(returns(hasSuperType(named("java.sql.Statement")))))))
                .visit(Advice.to(JdbcTransactionAdvice.class).withExceptionHandler(errors)
                    .on(concrete(named(COMMIT).and(takesArguments(0))
                        .or(named(ROLLBACK).and(takesArguments(0)))
                        .or(named(ROLLBACK).and(takesArguments(1))
                            .and(takesArgument(0, named("java.sql.Savepoint")))))));
      }
      return builder;
    };
  }

  private static String[] concat(String[]... groups) {
    List<String> all = new ArrayList<String>();
    for (String[] group : groups) {
      all.addAll(Arrays.asList(group));
    }
    return all.toArray(new String[0]);
  }

  private static ElementMatcher.Junction<MethodDescription> concrete(
      ElementMatcher.Junction<MethodDescription> methods) {
    return isPublic().and(not(isAbstract())).and(methods);
  }

  @Override
  public void configure(InstrumentationSettings settings) {
    Integer maxLength = settings.value(MAX_LENGTH_SETTING);
    Integer cacheSize = settings.value(CACHE_SIZE_SETTING);
    SanitizedSqlCache.configure(
        maxLength == null ? SanitizedSqlCache.DEFAULT_MAX_LENGTH : maxLength,
        cacheSize == null ? SanitizedSqlCache.DEFAULT_CAPACITY : cacheSize);
  }
}
