/**
 * The one HTTP/1.1 server engine: {@link org.minternet.http.engine.Http1Connection}, the
 * connection loop (idle and head timeouts, pipelining, unread bodies, framing by the codec,
 * tunnels), on which a server plugs a {@link org.minternet.http.engine.Responder}: the origin
 * server ({@link org.minternet.http.HttpServer}) and the caching proxy ({@link
 * org.minternet.http.proxy.CachingProxy}) both do. A responder sees each request as an {@link
 * org.minternet.http.engine.Exchange} and answers with an {@link
 * org.minternet.http.engine.Outgoing} response whose {@link org.minternet.http.engine.Body} is in
 * memory, a file region, written as sent, or piped from another connection.
 */
package org.minternet.http.engine;
