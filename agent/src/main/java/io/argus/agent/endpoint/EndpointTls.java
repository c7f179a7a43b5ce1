package io.argus.agent.endpoint;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The endpoint's TLS identity: the key and certificate chain of a PKCS#12 or JKS key store file. */
public final class EndpointTls {
  private EndpointTls() {}

  /**
   * Loads the key store and builds a server {@link SSLContext} from it. Throws with a message naming the problem (no
   * such file, wrong password, no key in it) so that the caller can say why the endpoint is not started: without its
   * key store the endpoint stays off rather than falling back to plain HTTP.
   */
  public static SSLContext serverContext(String path, String password, String type)
      throws IOException, GeneralSecurityException {
    char[] secret = password == null ? new char[0] : password.toCharArray();
    KeyStore store = KeyStore.getInstance(type == null ? "PKCS12" : type);
    InputStream in = new FileInputStream(path);
    try {
      store.load(in, secret);
    } finally {
      in.close();
    }
    boolean hasKey = false;
    for (String alias : java.util.Collections.list(store.aliases())) {
      hasKey |= store.isKeyEntry(alias);
    }
    if (!hasKey) {
      throw new GeneralSecurityException("the key store " + path + " holds no private key");
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, secret);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }
}
