package org.minternet.http;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.minternet.core.tls.TlsContexts;

/** The server the interop tests run real clients against: the textbook site, demos, HTTPS. */
final class InteropServer implements AutoCloseable {
  final Path site;
  final Path data;
  final HttpServer server;

  InteropServer(Path tmp) throws IOException {
    site = tmp.resolve("site");
    data = tmp.resolve("data");
    TestSite.write(site, "gaia.cs.umass.edu");
    Sessions sessions = new Sessions(org.minternet.core.store.Store.inMemory());
    server = HttpServer.builder().sessions(sessions)
        .site(TestApps.install(Site.builder("gaia.cs.umass.edu").root(site), sessions).build())
        .tls(TlsContexts.selfSigned(data, List.of("localhost", "127.0.0.1")), 0)
        .authenticator(BasicAuthenticator.of(Map.of("alice", "wonderland")))
        .build();
    server.start();
  }

  String http(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  String https(String path) {
    return "https://localhost:" + server.tlsPort() + path;
  }

  Path certificate() {
    return data.resolve("tls").resolve("minternet.crt");
  }

  @Override
  public void close() {
    server.close();
  }
}
