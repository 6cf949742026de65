/**
 * The HTTP/1.1 message codec (RFC 9112): request and status lines, header fields, bodies framed
 * by Content-Length or the chunked coding, with every limit in {@link
 * org.minternet.http.wire.Limits} and the request-smuggling defences in {@link
 * org.minternet.http.wire.Http1Reader}. No sockets or threads: bytes in through a {@code
 * LineReader}, values out; errors are {@link org.minternet.http.wire.HttpException}s carrying the
 * status to answer with.
 */
package org.minternet.http.wire;
