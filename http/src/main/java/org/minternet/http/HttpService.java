package org.minternet.http;

/** The origin server's two services: HTTP (RFC 9112) and HTTPS (RFC 9110 §4.2.2). */
public enum HttpService {
  HTTP("http"),
  HTTPS("https");

  private final String serviceName;

  HttpService(String serviceName) {
    this.serviceName = serviceName;
  }

  public String serviceName() {
    return serviceName;
  }
}
