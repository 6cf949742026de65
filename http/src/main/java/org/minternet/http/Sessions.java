package org.minternet.http;

import java.util.Map;
import java.util.Objects;
import org.minternet.core.store.Store;

/**
 * The cookie sessions of a server's sites, kept in the store (the textbook's back-end database).
 * Handlers that keep state are given the same instance as the server ({@link
 * HttpServer.Builder#sessions}), which saves a changed session and sets its cookie when the
 * response is sent.
 *
 * <pre>{@code
 * Sessions sessions = new Sessions(store);
 * Site site = Site.builder("www.example").get("/visits", r -> count(sessions.of(r))).build();
 * HttpServer server = HttpServer.builder().site(site).sessions(sessions).build();
 * }</pre>
 */
public final class Sessions {
  private final SessionStore store;

  /** Sessions in {@code store} (its table is created; sessions idle for 30 days deleted). */
  public Sessions(Store store) {
    this.store = new SessionStore(Objects.requireNonNull(store));
  }

  /** The request's session: loaded by its cookie, or a new one (the server sets the cookie). */
  public Session of(Request r) {
    Session s = r.attachedSession();
    if (s == null) {
      String id = r.cookies().get(SessionStore.COOKIE);
      s = id == null ? null : store.load(r.siteName(), id);
      if (s == null) s = new Session(SessionStore.newId(), Map.of(), true);
      r.attach(s);
    }
    return s;
  }

  SessionStore store() {
    return store;
  }
}
