package org.minternet.world.content;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minternet.core.store.Store;
import org.minternet.http.HttpServer;
import org.minternet.http.Sessions;
import org.minternet.http.Site;
import org.minternet.http.client.ClientRequest;
import org.minternet.http.client.CookieJar;
import org.minternet.http.client.HttpClient;

/** The cookie demo of the world's sites: state in the session, user input escaped. */
class DemoAppsTest {
  Store store;
  HttpServer server;
  String base;

  @BeforeEach
  void start() throws Exception {
    store = Store.inMemory();
    Sessions sessions = new Sessions(store);
    server = HttpServer.builder().sessions(sessions)
        .site(DemoApps.install(Site.builder("x"), sessions).build()).build();
    server.start();
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  @Test
  void cartKeepsItemsInTheSessionEscaped() throws Exception {
    try (HttpClient c = HttpClient.builder().cookies(CookieJar.empty()).followRedirects(2).build()) {
      String page = c.send(ClientRequest.post(base + "/cart", "application/x-www-form-urlencoded",
          "item=%3Cb%3E")).bodyText();
      assertThat(page).contains("<li>&lt;b&gt;</li>").contains("1 item(s)");
    }
  }

  @Test
  void visitsAreCounted() throws Exception {
    try (HttpClient c = HttpClient.builder().cookies(CookieJar.empty()).build()) {
      c.send(ClientRequest.get(base + "/visits"));
      assertThat(c.send(ClientRequest.get(base + "/visits")).bodyText())
          .contains("id=\"visits\">2<").contains("x's database");
    }
  }
}
