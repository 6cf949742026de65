package org.minternet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.minternet.core.tls.TlsContexts;

/**
 * Which servers the commands that speak TLS trust: the world certificate of a data directory and
 * the system's authorities, or, with {@code --insecure} (curl's {@code -k}), any certificate. A
 * server that neither vouches for is refused with what to do about it, not the JDK's "PKIX path
 * building failed".
 */
final class ServerTrust {
  private ServerTrust() {}

  /**
   * The client context for {@code dataDir}'s world ({@code dataOption} names the option that
   * chooses it, for the advice).
   */
  static SSLContext of(Path dataDir, String dataOption, boolean insecure) throws IOException {
    if (insecure) return TlsContexts.opportunistic();
    Path store = dataDir.resolve("tls").resolve(TlsContexts.GENERATED_STORE);
    boolean world = Files.exists(store);
    String why = "the server's certificate is not trusted: it is not the world certificate of the data directory "
        + dataDir + (world ? "" : " (which has none)") + " and no authority this system trusts signed it."
        + " Pass the " + dataOption + " of the world the server belongs to, or --insecure to accept any certificate";
    return world ? TlsContexts.trustingAlso(why, TlsContexts.worldCertificate(dataDir)) : TlsContexts.trustingAlso(why);
  }
}
