package net.bytebuddy.agent.builder;

import java.util.Collections;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.implementation.Implementation;

/**
 * The Byte Buddy {@link AgentBuilder} the agent installs every instrumentation with, created directly in the state
 * that {@code new AgentBuilder.Default().disableClassFormatChanges().with(RETRANSFORMATION).with(DECORATE)} reaches:
 * advice is inlined, no member or initialiser is added, so classes already loaded can be retransformed. One setting
 * more: only declared methods are considered (Advice visits nothing else).
 *
 * <p>Why not that chain: the public constructors first build a self-injecting initialisation strategy, which
 * {@code disableClassFormatChanges()} then throws away. Building it runs {@code NexusAccessor}'s static initialiser,
 * which generates class-injection dispatchers with Byte Buddy itself (about 300 classes and a third of premain's
 * time) and injects Byte Buddy's {@code Nexus} class into the application's system class loader, where an agent
 * has no business defining classes.
 *
 * <p>It lives in Byte Buddy's package (relocated with it to {@code io.argus.shaded.net.bytebuddy} in the agent jar)
 * only because one constructor argument's type, {@code RedefinitionStrategy.ResubmissionStrategy}, is protected.
 */
public final class AdviceOnlyAgentBuilder extends AgentBuilder.Default {
  public AdviceOnlyAgentBuilder() {
    super(
        new ByteBuddy()
            // No auxiliary members, as disableClassFormatChanges() sets it.
            .with(Implementation.Context.Disabled.Factory.INSTANCE)
            // Advice only ever visits the methods a class declares, so the graph of inherited methods, which
            // parses every ancestor's members, is never needed.
            .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE),
        Listener.NoOp.INSTANCE,
        new CircularityLock.Default(),
        PoolStrategy.Default.FAST,
        TypeStrategy.Default.DECORATE,
        LocationStrategy.ForClassLoader.STRONG,
        ClassFileLocator.NoOp.INSTANCE,
        NativeMethodStrategy.Disabled.INSTANCE,
        WarmupStrategy.NoOp.INSTANCE,
        TransformerDecorator.NoOp.INSTANCE,
        InitializationStrategy.NoOp.INSTANCE,
        RedefinitionStrategy.RETRANSFORMATION,
        RedefinitionStrategy.DiscoveryStrategy.SinglePass.INSTANCE,
        RedefinitionStrategy.BatchAllocator.ForTotal.INSTANCE,
        RedefinitionStrategy.Listener.NoOp.INSTANCE,
        RedefinitionStrategy.ResubmissionStrategy.Disabled.INSTANCE,
        InjectionStrategy.UsingReflection.INSTANCE,
        LambdaInstrumentationStrategy.DISABLED,
        DescriptionStrategy.Default.HYBRID,
        FallbackStrategy.ByThrowableType.ofOptionalTypes(),
        ClassFileBufferStrategy.Default.RETAINING,
        InstallationListener.NoOp.INSTANCE,
        // Replaced by the installer's ignore(...), which names everything that must never be matched.
        RawMatcher.Trivial.NON_MATCHING,
        Collections.<Transformation>emptyList());
  }
}
