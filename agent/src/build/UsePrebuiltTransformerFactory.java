import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Build step of agent/pom.xml (run as a single-file program by the antrun layout step), on the relocated classes:
 * rewrites Byte Buddy's {@code AgentBuilder.Default.ExecutingTransformer.Factory.CreationAction.run()}, which
 * generates a transformer class at every start-up, into {@code return PrebuiltTransformerFactory.factory();}, which
 * uses the same class compiled with the agent (see agent/src/main/java/net/bytebuddy/agent/builder/). Fails the build
 * if the method is not where it is expected, as after a Byte Buddy upgrade that changed it: then look again.
 *
 * <p>Arguments: the directory of the relocated classes, and the internal name of Byte Buddy's relocated
 * {@code agent.builder} package (io/argus/shaded/net/bytebuddy/agent/builder).
 */
public final class UsePrebuiltTransformerFactory {
  public static void main(String[] args) throws IOException {
    Path classes = Paths.get(args[0]);
    String pkg = args[1];
    String factory = pkg + "/AgentBuilder$Default$ExecutingTransformer$Factory";
    String prebuilt = pkg + "/PrebuiltTransformerFactory";
    Path creationAction = classes.resolve(factory + "$CreationAction.class");
    require(Files.isRegularFile(classes.resolve(prebuilt + ".class")), prebuilt + ".class is missing");
    require(Files.isRegularFile(creationAction), creationAction + " is missing");

    String runDescriptor = "()L" + factory + ";";
    ClassReader reader = new ClassReader(Files.readAllBytes(creationAction));
    ClassWriter writer = new ClassWriter(0);
    boolean[] rewritten = {false};
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            if (!name.equals("run") || !descriptor.equals(runDescriptor)) {
              return super.visitMethod(access, name, descriptor, signature, exceptions);
            }
            MethodVisitor method = super.visitMethod(access, name, descriptor, signature, null);
            method.visitCode();
            method.visitMethodInsn(Opcodes.INVOKESTATIC, prebuilt, "factory", runDescriptor, false);
            method.visitInsn(Opcodes.ARETURN);
            method.visitMaxs(1, 1);
            method.visitEnd();
            rewritten[0] = true;
            return null; // the original body is dropped
          }
        },
        0);
    require(rewritten[0], "no method run" + runDescriptor + " in " + creationAction);
    Files.write(creationAction, writer.toByteArray());
    System.out.println("[patch] " + creationAction.getFileName() + ": run() returns PrebuiltTransformerFactory.factory()");
  }

  private static void require(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalStateException("cannot use the prebuilt transformer factory: " + problem);
    }
  }
}
