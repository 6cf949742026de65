/**
 * The HTTP/1.1 client: {@link org.minternet.http.client.HttpClient} for Java callers (pooled
 * persistent connections, redirects, cookies, proxy; and {@link
 * org.minternet.http.client.HttpClient#forward} with which the caching proxy reaches its origins
 * over the same pool), {@link org.minternet.http.client.CookieJar}
 * in curl's cookies.txt format, {@link org.minternet.http.client.LocalCache} revalidated with
 * conditional GET, and {@link org.minternet.http.client.Fetch}, the entry point of
 * {@code minternet fetch}.
 */
package org.minternet.http.client;
