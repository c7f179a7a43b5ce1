package io.argus.agent.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.instrumentation.api.ClassFileHints;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/** The raw class-file reading behind the hints, on class files javac wrote. */
class ClassFilePrefilterTest {

  @Test
  void aClassThatDeclaresAWantedMethodPassesOneThatOnlyCallsItDoesNot() {
    ClassFilePrefilter prefilter = prefilter(ClassFileHints.declaringMethod("executeQuery"));

    assertThat(prefilter.mayMatch(internalName(DeclaresExecuteQuery.class), bytes(DeclaresExecuteQuery.class)))
        .isTrue();
    // "executeQuery" is in its constant pool too, as the name of the method it calls.
    assertThat(prefilter.mayMatch(internalName(CallsExecuteQuery.class), bytes(CallsExecuteQuery.class))).isFalse();
    assertThat(prefilter.skipped()).isEqualTo(1);
  }

  @Test
  void theConstantPoolIsReadPastWideConstantsLambdasAndFieldAttributes() {
    byte[] wide = bytes(WideConstantsThenClose.class);
    String name = internalName(WideConstantsThenClose.class);

    assertThat(prefilter(ClassFileHints.declaringMethod("close")).mayMatch(name, wide)).isTrue();
    assertThat(prefilter(ClassFileHints.declaringMethod("open")).mayMatch(name, wide)).isFalse();
  }

  @Test
  void namesAndNamePrefixesAreComparedInTheJvmsInternalForm() {
    ClassFilePrefilter byName = prefilter(ClassFileHints.named(CallsExecuteQuery.class.getName()));
    ClassFilePrefilter byPrefix = prefilter(ClassFileHints.namePrefix("io.argus.agent.install.ClassFilePrefilterTest$Calls"));
    byte[] other = bytes(DeclaresExecuteQuery.class);

    assertThat(byName.mayMatch(internalName(CallsExecuteQuery.class), other)).isTrue();
    assertThat(byName.mayMatch(internalName(DeclaresExecuteQuery.class), other)).isFalse();
    assertThat(byPrefix.mayMatch(internalName(CallsExecuteQuery.class), other)).isTrue();
    assertThat(byPrefix.mayMatch(internalName(DeclaresExecuteQuery.class), other)).isFalse();
  }

  @Test
  void anAnnotationIsFoundByItsDescriptorInTheConstantPool() {
    ClassFilePrefilter prefilter = prefilter(ClassFileHints.usingAnnotation(Marker.class.getName()));

    assertThat(prefilter.mayMatch(internalName(Annotated.class), bytes(Annotated.class))).isTrue();
    assertThat(prefilter.mayMatch(internalName(DeclaresExecuteQuery.class), bytes(DeclaresExecuteQuery.class)))
        .isFalse();
  }

  @Test
  void nonAsciiMethodNamesAreComparedInModifiedUtf8() {
    ClassFilePrefilter prefilter = prefilter(ClassFileHints.declaringMethod("gr\u00f6\u00dfe\u20ac"));

    assertThat(prefilter.mayMatch(internalName(NonAscii.class), bytes(NonAscii.class))).isTrue();
    assertThat(ClassFilePrefilter.modifiedUtf8("\u0000")).containsExactly(0xC0, 0x80);
  }

  @Test
  void bytesItCannotReadAreLeftToTheMatchers() {
    ClassFilePrefilter prefilter = prefilter(ClassFileHints.declaringMethod("executeQuery"));
    byte[] whole = bytes(CallsExecuteQuery.class);

    assertThat(prefilter.mayMatch("a/B", Arrays.copyOf(whole, whole.length / 2))).isTrue();
    assertThat(prefilter.mayMatch("a/B", new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})).isTrue();
    assertThat(prefilter.mayMatch(null, whole)).isTrue();
    assertThat(prefilter.skipped()).isZero();
  }

  @Test
  void oneInstrumentationThatAcceptsAnyClassTurnsTheFilterOff() {
    ClassFilePrefilter off =
        new ClassFilePrefilter(List.of(ClassFileHints.named("a.B"), ClassFileHints.anyClass()));
    ResettableClassFileTransformer transformer = Mockito.mock(ResettableClassFileTransformer.class);

    assertThat(off.mayMatch(internalName(CallsExecuteQuery.class), bytes(CallsExecuteQuery.class))).isTrue();
    assertThat(off.decorate(transformer)).isSameAs(transformer);
  }

  @Test
  void withHintsItPutsItselfInFrontOfByteBuddysTransformer() throws Exception {
    ClassFilePrefilter prefilter = prefilter(ClassFileHints.declaringMethod("executeQuery"));
    ResettableClassFileTransformer transformer = Mockito.mock(ResettableClassFileTransformer.class);
    byte[] rejected = bytes(CallsExecuteQuery.class);
    byte[] accepted = bytes(DeclaresExecuteQuery.class);
    Mockito.when(transformer.transform(Mockito.any(), Mockito.any(), Mockito.any(), Mockito.any(), Mockito.any(),
        Mockito.any())).thenReturn(new byte[] {42});

    ResettableClassFileTransformer filtering = prefilter.decorate(transformer);
    Module module = getClass().getModule();

    assertThat(filtering).isNotSameAs(transformer);
    assertThat(filtering.transform(module, null, internalName(CallsExecuteQuery.class), null, null, rejected)).isNull();
    assertThat(filtering.transform(module, null, internalName(DeclaresExecuteQuery.class), null, null, accepted))
        .containsExactly(42);
    // A retransformation was chosen by the matchers: never filtered.
    assertThat(filtering.transform(module, null, internalName(CallsExecuteQuery.class), String.class, null, rejected))
        .containsExactly(42);
  }

  private static ClassFilePrefilter prefilter(ClassFileHints hints) {
    return new ClassFilePrefilter(List.of(hints));
  }

  private static String internalName(Class<?> type) {
    return type.getName().replace('.', '/');
  }

  private static byte[] bytes(Class<?> type) {
    String resource = "/" + internalName(type) + ".class";
    try (InputStream in = ClassFilePrefilterTest.class.getResourceAsStream(resource)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(resource, e);
    }
  }

  static class DeclaresExecuteQuery {
    public void executeQuery() {}
  }

  static class CallsExecuteQuery {
    void run(DeclaresExecuteQuery target) {
      target.executeQuery();
    }
  }

  static class WideConstantsThenClose {
    static final long LONG = 1234567890123L;
    static final double DOUBLE = 3.25;
    static final String TEXT = "text";
    final Runnable lambda = () -> System.out.println(LONG + DOUBLE);
    @Deprecated long counted;

    public void close() {
      lambda.run();
    }
  }

  @Retention(RetentionPolicy.RUNTIME)
  @interface Marker {}

  static class Annotated {
    @Marker
    void marked() {}
  }

  static class NonAscii {
    void gr\u00f6\u00dfe\u20ac() {}
  }
}
