/**
 * The Web's origin server: {@link org.minternet.http.HttpServer} with virtual hosts ({@link
 * org.minternet.http.Site}), static files, the handler API ({@link org.minternet.http.Handler},
 * {@link org.minternet.http.Request}, {@link org.minternet.http.Response}), cookie sessions in the
 * store ({@link org.minternet.http.Sessions}), on the {@link org.minternet.http.engine engine}; the Combined Log Format access log, and the content of the world's sites ({@link
 * org.minternet.http.TextbookSite}, {@link org.minternet.http.DemoApps}).
 */
package org.minternet.http;
