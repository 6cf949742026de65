/**
 * The Web's origin server: {@link org.minternet.http.HttpServer} with virtual hosts ({@link
 * org.minternet.http.Site}), static files, the handler API ({@link org.minternet.http.Handler},
 * {@link org.minternet.http.Request}, {@link org.minternet.http.Response}), cookie sessions in the
 * store ({@link org.minternet.http.Sessions}) and the Combined Log Format access log, on the
 * {@link org.minternet.http.engine engine}. The content of the world's sites is in module world
 * ({@code org.minternet.world.content}).
 */
package org.minternet.http;
