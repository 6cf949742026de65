package org.minternet.http;

import java.util.Map;

/** Checks Basic credentials (RFC 7617) for PUT and DELETE. */
@FunctionalInterface
public interface BasicAuthenticator {
  boolean check(String user, String password);

  /** No user at all: every PUT and DELETE is refused. */
  BasicAuthenticator NONE = (u, p) -> false;

  /** A fixed table of users and passwords, compared in constant time. */
  static BasicAuthenticator of(Map<String, String> users) {
    Map<String, String> copy = Map.copyOf(users);
    return (u, p) -> {
      String expected = copy.get(u);
      return expected != null && java.security.MessageDigest.isEqual(
          expected.getBytes(java.nio.charset.StandardCharsets.UTF_8),
          p.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    };
  }
}
