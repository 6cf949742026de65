package org.minternet.http.proxy;

/** The caching proxy's one service: HTTP proxying (RFC 9110 §3.7), forward or reverse. */
public enum ProxyService {
  PROXY
}
