import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Build step of agent/pom.xml (run as a single-file program by the antrun layout step): removes the local variable
 * tables and Kotlin's SourceDebugExtension from the bundled third-party classes under the directory given. Only a
 * debugger stepping through Byte Buddy, OkHttp or the Kotlin standard library reads them; they are a tenth of the
 * agent jar. Line numbers (stack traces), signatures, parameters and annotations stay; instructions, stack map
 * frames and maxima are copied as they are, nothing is recomputed.
 */
public final class StripLocalVariableTables {
  public static void main(String[] args) throws IOException {
    Path root = Paths.get(args[0]);
    List<Path> classes;
    try (Stream<Path> files = Files.walk(root)) {
      classes = files.filter(file -> file.toString().endsWith(".class")).collect(Collectors.toList());
    }
    long before = 0;
    long after = 0;
    for (Path file : classes) {
      byte[] original = Files.readAllBytes(file);
      byte[] stripped = strip(original);
      Files.write(file, stripped);
      before += original.length;
      after += stripped.length;
    }
    System.out.println("[strip] " + classes.size() + " classes under " + root + ": " + before + " -> " + after + " bytes");
  }

  static byte[] strip(byte[] classFile) {
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer = new ClassWriter(0);
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          @Override
          public void visitSource(String source, String debug) {
            super.visitSource(source, null); // SourceDebugExtension (Kotlin's SMAP for inline functions)
          }

          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
              @Override
              public void visitLocalVariable(
                  String name, String descriptor, String signature, Label start, Label end, int index) {
                // dropped: LocalVariableTable and LocalVariableTypeTable
              }
            };
          }
        },
        0);
    return writer.toByteArray();
  }
}
