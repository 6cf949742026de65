package org.minternet.world.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.minternet.http.Request;
import org.minternet.http.Response;
import org.minternet.http.Session;
import org.minternet.http.Sessions;
import org.minternet.http.Site;
import org.minternet.http.wire.FormData;

/**
 * The cookie demo of the world's sites (the textbook's four components of cookie-based state):
 * {@code /visits} counts your visits, {@code /cart} keeps a shopping cart, both in the session
 * stored in the back-end database so that they survive a server restart; {@code /form} echoes
 * a posted form (urlencoded or multipart).
 */
public final class DemoApps {
  private DemoApps() {}

  /** Adds the demo routes to a site; their state lives in {@code sessions}. */
  public static Site.Builder install(Site.Builder site, Sessions sessions) {
    return site.get("/visits", r -> visits(r, sessions.of(r)))
        .getPost("/cart", r -> cart(r, sessions.of(r)))
        .route(Set.of("POST"), "/form", 1024 * 1024, DemoApps::form);
  }

  static Response visits(Request r, Session s) {
    int n = s.get("visits") == null ? 1 : Integer.parseInt(s.get("visits")) + 1;
    s.put("visits", Integer.toString(n));
    return page("Visits", "<p>You have visited this page <strong id=\"visits\">" + n
        + "</strong> time" + (n == 1 ? "" : "s") + ".</p>"
        + "<p>Your browser holds only a session ID cookie; the count lives in "
        + escape(r.siteName()) + "'s database.</p>")
        .header("Cache-Control", "no-store");
  }

  static Response cart(Request r, Session s) throws org.minternet.http.wire.HttpException {
    List<String> items = new ArrayList<>();
    String stored = s.get("cart");
    if (stored != null && !stored.isEmpty()) items.addAll(List.of(stored.split("\n")));
    if (r.method().equals("POST")) {
      Map<String, List<String>> form = r.form();
      for (String item : form.getOrDefault("item", List.of())) {
        String clean = item.replaceAll("[\\r\\n]", " ").trim();
        if (!clean.isEmpty() && items.size() < 100) items.add(clean);
      }
      if (form.containsKey("clear")) items.clear();
      s.put("cart", String.join("\n", items));
      return Response.redirect(303, "/cart");
    }
    if (stored == null) s.put("cart", "");
    StringBuilder list = new StringBuilder("<ul id=\"cart\">");
    for (String i : items) list.append("<li>").append(escape(i)).append("</li>");
    list.append("</ul>");
    return page("Cart", "<p>" + items.size() + " item(s) in your cart.</p>" + list
        + "<form method=\"post\" action=\"/cart\"><input name=\"item\"> <button>Add</button>"
        + "</form><form method=\"post\" action=\"/cart\"><button name=\"clear\" value=\"1\">"
        + "Empty the cart</button></form>")
        .header("Cache-Control", "no-store");
  }

  static Response form(Request r) throws org.minternet.http.wire.HttpException {
    StringBuilder sb = new StringBuilder();
    for (var e : r.form().entrySet()) {
      for (String v : e.getValue()) sb.append(e.getKey()).append('=').append(v).append('\n');
    }
    for (FormData.Part p : r.parts()) {
      if (p.filename() != null) {
        sb.append("file ").append(p.name()).append(' ').append(p.filename()).append(' ')
            .append(p.content().length).append(" bytes\n");
      }
    }
    return Response.text(200, sb.toString());
  }

  private static Response page(String title, String body) {
    return Response.html("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title
        + "</title></head><body><h1>" + title + "</h1>" + body + "</body></html>\n");
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("'", "&#39;");
  }
}
