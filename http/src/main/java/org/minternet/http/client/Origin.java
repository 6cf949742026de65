package org.minternet.http.client;

import java.net.URI;
import java.util.Locale;

/** Scheme, host and port: what a connection can be reused for (RFC 9110 §4.3.1). */
record Origin(String scheme, String host, int port) {
  static Origin of(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return new Origin(scheme, uri.getHost().toLowerCase(Locale.ROOT), port);
  }

  boolean secure() {
    return scheme.equals("https");
  }

  /** The Host header value: the port only when it is not the scheme's default. */
  String authority() {
    String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    boolean defaultPort = (secure() && port == 443) || (!secure() && port == 80);
    return defaultPort ? h : h + ":" + port;
  }
}
