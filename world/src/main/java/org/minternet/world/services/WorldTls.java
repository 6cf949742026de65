package org.minternet.world.services;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.minternet.core.tls.TlsContexts;
import org.minternet.world.HostSpec;
import org.minternet.world.ServiceContext;

/**
 * The world's certificate: the user's (from {@code minternet up --tls-cert/--tls-key} or
 * {@code --tls-pkcs12}), or else self-signed at first start into {@code DATA/tls/}, naming every
 * host and address of the world; shared by every TLS service (HTTPS, SMTPS, IMAPS, POP3S, STARTTLS).
 */
final class WorldTls {
  private WorldTls() {}

  static SSLContext context(ServiceContext ctx) throws IOException {
    if (ctx.tls() != null) return ctx.tls();
    return ctx.shared().get("tls", () -> {
      List<String> names = new ArrayList<>();
      for (HostSpec h : ctx.world().hosts()) names.add(h.name());
      for (HostSpec h : ctx.world().hosts()) names.add(h.address().getHostAddress());
      names.add("localhost");
      return TlsContexts.selfSigned(ctx.dataDir(), names);
    });
  }
}
