package io.argus.agent.install;

import io.argus.instrumentation.api.ClassFileHints;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

/**
 * Decides from a class file's raw bytes, before Byte Buddy parses them, whether any installed instrumentation may
 * want the class: the union of their {@link ClassFileHints}. Reads the name the JVM passes, then at most the constant
 * pool and the names of the declared methods; allocates nothing for the classes it rejects. On a Spring Boot service
 * it rejects all but a few hundred of the 8 000 classes loaded, which Byte Buddy would otherwise parse and, for the
 * hierarchy matchers, follow to each ancestor's class file.
 *
 * <p>Only classes being loaded are filtered: a retransformation was chosen by the matchers themselves. Bytes it
 * cannot read (a format it does not know, a truncated file) pass: the matchers decide, as without the filter.
 *
 * <p>It is also the {@link AgentBuilder.TransformerDecorator} that puts itself in front of Byte Buddy's transformer,
 * on Java 9+ ({@code HintFilteringTransformer} names {@code java.lang.Module}); on Java 8 every class goes to Byte
 * Buddy as before.
 */
final class ClassFilePrefilter implements AgentBuilder.TransformerDecorator {
  private static final String FILTERING_TRANSFORMER = "io.argus.agent.install.HintFilteringTransformer";

  private final boolean anyClass;
  private final Set<String> internalNames = new HashSet<String>();
  private final String[] internalPrefixes;
  /** Modified UTF-8 of the wanted declared-method names, indexed by byte length. */
  private final byte[][][] methodsByLength;
  /** Modified UTF-8 of the constants of which a class must hold one, indexed by byte length. */
  private final byte[][][] constantsByLength;
  private final LongAdder skipped = new LongAdder();

  ClassFilePrefilter(Collection<ClassFileHints> hints) {
    ClassFileHints all = ClassFileHints.noClass();
    for (ClassFileHints each : hints) {
      all = all.or(each);
    }
    anyClass = all.anyClassAccepted();
    for (String name : all.names()) {
      internalNames.add(name.replace('.', '/'));
    }
    List<String> prefixes = new ArrayList<String>();
    for (String prefix : all.namePrefixes()) {
      prefixes.add(prefix.replace('.', '/'));
    }
    internalPrefixes = prefixes.toArray(new String[0]);
    methodsByLength = byLength(all.declaredMethods());
    constantsByLength = byLength(all.constants());
  }

  /** Whether the class may be wanted; false means no installed instrumentation can match it. */
  boolean mayMatch(String internalName, byte[] classFile) {
    if (anyClass || internalName == null || classFile == null) {
      return true;
    }
    if (internalNames.contains(internalName)) {
      return true;
    }
    for (String prefix : internalPrefixes) {
      if (internalName.startsWith(prefix)) {
        return true;
      }
    }
    if ((methodsByLength.length > 0 || constantsByLength.length > 0) && mentionsWanted(classFile)) {
      return true;
    }
    skipped.increment();
    return false;
  }

  /** Classes rejected so far, never handed to Byte Buddy. */
  long skipped() {
    return skipped.sum();
  }

  @Override
  public ResettableClassFileTransformer decorate(ResettableClassFileTransformer transformer) {
    if (anyClass) {
      return transformer;
    }
    try {
      Constructor<?> filtering =
          Class.forName(FILTERING_TRANSFORMER, false, ClassFilePrefilter.class.getClassLoader())
              .getConstructor(ResettableClassFileTransformer.class, ClassFilePrefilter.class);
      return (ResettableClassFileTransformer) filtering.newInstance(transformer, this);
    } catch (Throwable java8) {
      // UnsupportedClassVersionError: Java 8, whose transformers are given no module; every class goes to Byte Buddy.
      return transformer;
    }
  }

  /**
   * Walks the constant pool: true at the first wanted constant; the indexes of strings equal to a wanted method name
   * are kept, and the declared methods' names are then compared to them by index. Unreadable bytes answer true.
   */
  private boolean mentionsWanted(byte[] b) {
    try {
      if (u4(b, 0) != 0xCAFEBABE) {
        return true;
      }
      int count = u2(b, 8);
      int offset = 10;
      int[] methodNameIndexes = null;
      int found = 0;
      for (int index = 1; index < count; index++) {
        int tag = b[offset] & 0xFF;
        switch (tag) {
          case 1: // Utf8
            int length = u2(b, offset + 1);
            int start = offset + 3;
            if (holds(constantsByLength, b, start, length)) {
              return true;
            }
            if (holds(methodsByLength, b, start, length)) {
              if (methodNameIndexes == null) {
                methodNameIndexes = new int[4];
              } else if (found == methodNameIndexes.length) {
                methodNameIndexes = Arrays.copyOf(methodNameIndexes, found * 2);
              }
              methodNameIndexes[found++] = index;
            }
            offset = start + length;
            break;
          case 7: // Class
          case 8: // String
          case 16: // MethodType
          case 19: // Module
          case 20: // Package
            offset += 3;
            break;
          case 15: // MethodHandle
            offset += 4;
            break;
          case 3: // Integer
          case 4: // Float
          case 9: // Fieldref
          case 10: // Methodref
          case 11: // InterfaceMethodref
          case 12: // NameAndType
          case 17: // Dynamic
          case 18: // InvokeDynamic
            offset += 5;
            break;
          case 5: // Long
          case 6: // Double
            offset += 9;
            index++; // takes two entries
            break;
          default:
            return true; // a constant of a later class-file version: let the matchers decide
        }
      }
      if (found == 0) {
        return false;
      }
      offset += 6; // access flags, this class, super class
      offset += 2 + 2 * u2(b, offset); // interfaces
      int fields = u2(b, offset);
      offset += 2;
      for (int i = 0; i < fields; i++) {
        offset = skipMember(b, offset);
      }
      int methods = u2(b, offset);
      offset += 2;
      for (int i = 0; i < methods; i++) {
        int nameIndex = u2(b, offset + 2);
        for (int j = 0; j < found; j++) {
          if (methodNameIndexes[j] == nameIndex) {
            return true;
          }
        }
        offset = skipMember(b, offset);
      }
      return false;
    } catch (ArrayIndexOutOfBoundsException truncated) {
      return true;
    }
  }

  /** Skips a field_info or method_info: flags, name, descriptor, then its attributes. */
  private static int skipMember(byte[] b, int offset) {
    int attributes = u2(b, offset + 6);
    offset += 8;
    for (int i = 0; i < attributes; i++) {
      offset += 6 + u4(b, offset + 2);
    }
    return offset;
  }

  private static boolean holds(byte[][][] byLength, byte[] b, int start, int length) {
    if (length >= byLength.length) {
      return false;
    }
    byte[][] candidates = byLength[length];
    if (candidates == null) {
      return false;
    }
    for (byte[] candidate : candidates) {
      int i = 0;
      while (i < length && b[start + i] == candidate[i]) {
        i++;
      }
      if (i == length) {
        return true;
      }
    }
    return false;
  }

  private static int u2(byte[] b, int offset) {
    return ((b[offset] & 0xFF) << 8) | (b[offset + 1] & 0xFF);
  }

  private static int u4(byte[] b, int offset) {
    return (u2(b, offset) << 16) | u2(b, offset + 2);
  }

  private static byte[][][] byLength(List<String> values) {
    int max = -1;
    List<byte[]> encoded = new ArrayList<byte[]>();
    for (String value : values) {
      byte[] bytes = modifiedUtf8(value);
      encoded.add(bytes);
      max = Math.max(max, bytes.length);
    }
    byte[][][] table = new byte[max + 1][][];
    for (byte[] bytes : encoded) {
      byte[][] same = table[bytes.length];
      byte[][] grown = same == null ? new byte[1][] : Arrays.copyOf(same, same.length + 1);
      grown[grown.length - 1] = bytes;
      table[bytes.length] = grown;
    }
    return table;
  }

  /** The class-file encoding of a string (JVMS 4.4.7): NUL and supplementary characters differ from UTF-8. */
  static byte[] modifiedUtf8(String value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x0001 && c <= 0x007F) {
        out.write(c);
      } else if (c <= 0x07FF) {
        out.write(0xC0 | (c >> 6));
        out.write(0x80 | (c & 0x3F));
      } else {
        out.write(0xE0 | (c >> 12));
        out.write(0x80 | ((c >> 6) & 0x3F));
        out.write(0x80 | (c & 0x3F));
      }
    }
    return out.toByteArray();
  }
}
