package org.minternet.http;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minternet.http.wire.FormData;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.HttpException;
import org.minternet.http.wire.HttpVersion;

/**
 * A request as an application sees it: method, decoded path, query, header fields, the body read
 * in full (bounded by the route's limit), the peer, and lazily the form fields and cookies. The
 * cookie session is reached through {@link Sessions#of}.
 */
public final class Request {
  private final String method;
  private final String path;
  private final String rawPath;
  private final String query;
  private final HttpVersion version;
  private final Headers headers;
  private final byte[] body;
  private final InetSocketAddress remote;
  private final boolean secure;
  private final String siteName;
  private final String user;
  private Session session;
  private Map<String, String> cookies;

  Request(String method, String path, String rawPath, String query, HttpVersion version, Headers headers,
      byte[] body, InetSocketAddress remote, boolean secure, String siteName, String user) {
    this.method = method;
    this.path = path;
    this.rawPath = rawPath;
    this.query = query;
    this.version = version;
    this.headers = headers;
    this.body = body;
    this.remote = remote;
    this.secure = secure;
    this.siteName = siteName;
    this.user = user;
  }

  public String method() {
    return method;
  }

  /** The percent-decoded path, always starting with '/'. */
  public String path() {
    return path;
  }

  /** The path as sent, still percent-encoded. */
  public String rawPath() {
    return rawPath;
  }

  /** The raw query string without '?', or "" if none. */
  public String rawQuery() {
    return query;
  }

  public HttpVersion version() {
    return version;
  }

  public Headers headers() {
    return headers;
  }

  public String header(String name) {
    return headers.get(name);
  }

  public byte[] body() {
    return body;
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public InetSocketAddress remoteAddress() {
    return remote;
  }

  public boolean isSecure() {
    return secure;
  }

  /** The primary name of the site (virtual host) the request was routed to. */
  public String siteName() {
    return siteName;
  }

  /** The user authenticated with Basic credentials, or null. */
  public String user() {
    return user;
  }

  /** The query parameters, decoded. */
  public Map<String, List<String>> queryParameters() throws HttpException {
    return FormData.urlEncoded(query);
  }

  /**
   * The form fields of a POST body, urlencoded or multipart (text parts; files are in {@link #parts()}).
   */
  public Map<String, List<String>> form() throws HttpException {
    String type = FormData.essence(header("Content-Type"));
    if (type.equals("application/x-www-form-urlencoded")) {
      return FormData.urlEncoded(new String(body, StandardCharsets.US_ASCII));
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (type.equals("multipart/form-data")) {
      for (FormData.Part p : parts()) {
        if (p.filename() == null) out.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p.text());
      }
    }
    return out;
  }

  /** The parts of a multipart/form-data body (empty for another type). */
  public List<FormData.Part> parts() throws HttpException {
    if (!FormData.essence(header("Content-Type")).equals("multipart/form-data")) return List.of();
    return FormData.multipart(body, FormData.parameter(header("Content-Type"), "boundary"), 1000);
  }

  /** Cookies sent with the request (RFC 6265 §5.4), first value of each name. */
  public Map<String, String> cookies() {
    if (cookies == null) {
      Map<String, String> out = new LinkedHashMap<>();
      for (String line : headers.all("Cookie")) {
        for (String pair : line.split(";")) {
          int eq = pair.indexOf('=');
          if (eq <= 0) continue;
          String name = pair.substring(0, eq).trim();
          String value = pair.substring(eq + 1).trim();
          if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
          }
          out.putIfAbsent(name, value);
        }
      }
      cookies = out;
    }
    return cookies;
  }

  /** The cookie session {@link Sessions#of} attached to this request, or null. */
  Session attachedSession() {
    return session;
  }

  void attach(Session s) {
    this.session = s;
  }
}
