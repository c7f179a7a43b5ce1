package io.argus.instrumentation.hikaricp;

import static net.bytebuddy.matcher.ElementMatchers.declaresField;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperClass;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.argus.instrumentation.api.AdviceErrors;
import io.argus.instrumentation.api.ArgusInstrumentation;
import io.argus.instrumentation.api.ClassFileHints;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * HikariCP's pool ({@code com.zaxxer.hikari.pool.HikariPool}, 4.x to 7.x): registers each pool for the scrape-time
 * gauges and times {@code getConnection}. The statements and connections the pool hands out are traced by the JDBC
 * instrumentation like any other.
 */
public final class HikariCpInstrumentation implements ArgusInstrumentation {
  static final String POOL = "com.zaxxer.hikari.pool.HikariPool";

  @Override
  public String name() {
    return "hikaricp";
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return not(isBootstrapClassLoader());
  }

  /**
   * The pool class by name, and only in the shape the advice relies on (a {@code getConnection(long)}, the
   * {@code poolName} and {@code config} fields of {@code PoolBase}): another HikariCP is left alone.
   */
  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named(POOL)
        .and(declaresMethod(named("getConnection").and(takesArguments(long.class))))
        .and(declaresMethod(named("shutdown").and(takesArguments(0))))
        .and(hasSuperClass(named("com.zaxxer.hikari.pool.PoolBase")
            .and(declaresField(named("poolName")))
            .and(declaresField(named("config")))));
  }

  @Override
  public ClassFileHints classFileHints() {
    return ClassFileHints.named(POOL);
  }

  @Override
  public AgentBuilder.Transformer transformer() {
    Advice.ExceptionHandler errors = AdviceErrors.reportedAs(name());
    return (builder, type, classLoader, module, protectionDomain) ->
        builder
            .visit(Advice.to(HikariPoolConstructorAdvice.class).withExceptionHandler(errors)
                       .on(isConstructor().and(takesArguments(1))))
            .visit(Advice.to(HikariGetConnectionAdvice.class).withExceptionHandler(errors)
                .on(isPublic().and(named("getConnection")).and(takesArguments(long.class))))
            .visit(Advice.to(HikariPoolShutdownAdvice.class).withExceptionHandler(errors)
                .on(isPublic().and(named("shutdown")).and(takesArguments(0))));
  }
}
