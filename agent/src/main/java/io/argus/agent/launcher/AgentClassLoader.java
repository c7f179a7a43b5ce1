package io.argus.agent.launcher;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent's own classes and its relocated dependencies from the {@code inst/} folder of argus-agent.jar,
 * where they are stored as {@code .classdata} so that no application class loader, class-path scanner or
 * {@code ServiceLoader} of the application can find them.
 *
 * <p>Its parent is the platform class loader (the bootstrap loader on Java 8): the agent sees the JDK and the
 * {@code io.argus.bootstrap} API, never the application's classes.
 */
public final class AgentClassLoader extends ClassLoader {
  private static final String PREFIX = "inst/";

  static {
    registerAsParallelCapable();
  }

  private final JarFile jar;
  private final String jarUrl;
  private final ProtectionDomain protectionDomain;

  public AgentClassLoader(File agentJar) throws IOException {
    super(platformClassLoader());
    this.jar = new JarFile(agentJar, false);
    URL url = agentJar.toURI().toURL();
    this.jarUrl = "jar:" + url + "!/";
    this.protectionDomain =
        new ProtectionDomain(new CodeSource(url, (Certificate[]) null), null, this, null);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    String path = name.replace('.', '/');
    JarEntry entry = jar.getJarEntry(PREFIX + path + ".classdata");
    if (entry == null) {
      throw new ClassNotFoundException(name);
    }
    byte[] bytes;
    try {
      bytes = read(entry);
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    definePackageOf(name);
    return defineClass(name, bytes, 0, bytes.length, protectionDomain);
  }

  private void definePackageOf(String className) {
    int dot = className.lastIndexOf('.');
    if (dot < 0) {
      return;
    }
    String pkg = className.substring(0, dot);
    if (getPackageCompat(pkg) == null) {
      try {
        definePackage(pkg, null, null, null, null, null, null, null);
      } catch (IllegalArgumentException alreadyDefinedConcurrently) {
        // another thread won the race; fine
      }
    }
  }

  @SuppressWarnings("deprecation")
  private Package getPackageCompat(String pkg) {
    return getPackage(pkg);
  }

  @Override
  protected URL findResource(String name) {
    String entryName = entryName(name);
    if (jar.getJarEntry(entryName) == null) {
      return null;
    }
    try {
      return new URL(jarUrl + entryName);
    } catch (MalformedURLException e) {
      return null;
    }
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null ? Collections.<URL>emptyEnumeration() : Collections.enumeration(Collections.singleton(url));
  }

  /** Byte Buddy reads advice bytecode as {@code x/y/Z.class} resources; those live under inst/ as .classdata. */
  private static String entryName(String resource) {
    String name = resource.startsWith("/") ? resource.substring(1) : resource;
    if (name.endsWith(".class")) {
      name = name.substring(0, name.length() - ".class".length()) + ".classdata";
    }
    return PREFIX + name;
  }

  private byte[] read(JarEntry entry) throws IOException {
    InputStream in = jar.getInputStream(entry);
    try {
      ByteArrayOutputStream out =
          new ByteArrayOutputStream(entry.getSize() > 0 ? (int) entry.getSize() : 8192);
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) != -1) {
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } finally {
      in.close();
    }
  }

  private static ClassLoader platformClassLoader() {
    try {
      return (ClassLoader) ClassLoader.class.getMethod("getPlatformClassLoader").invoke(null);
    } catch (Exception java8) {
      return null; // the bootstrap class loader, which holds the whole JDK on Java 8
    }
  }
}
