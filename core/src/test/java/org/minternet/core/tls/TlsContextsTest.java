package org.minternet.core.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.core.net.Connection;
import org.minternet.core.net.TcpListener;

class TlsContextsTest {
  @TempDir Path data;

  @Test
  void selfSignedCertificateIsGeneratedOnceAndReused() throws Exception {
    TlsContexts.selfSigned(data, List.of("mail.crepes.fr", "127.5.0.1"));
    X509Certificate first = TlsContexts.worldCertificate(data);
    TlsContexts.selfSigned(data, List.of("other"));
    assertThat(TlsContexts.worldCertificate(data)).isEqualTo(first);
    assertThat(first.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).toList())
        .contains("mail.crepes.fr", "127.5.0.1");
    assertThat(Files.readString(data.resolve("tls/minternet.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
  }

  @Test
  void implicitTlsListenerServesATrustingClient() throws Exception {
    SSLContext server = TlsContexts.selfSigned(data, List.of("localhost", "127.0.0.1"));
    SSLContext client = TlsContexts.trusting(TlsContexts.worldCertificate(data));
    try (TcpListener l = TcpListener.builder().port(0).tls(server)
        .handler(c -> {
          c.writeLine("secure=" + c.isSecure());
          c.flush();
        }).start();
        SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(l.address(), l.port())) {
      s.setSoTimeout(5000);
      String line = new BufferedReader(new InputStreamReader(s.getInputStream())).readLine();
      assertThat(line).isEqualTo("secure=true");
    }
  }

  @Test
  void startTlsUpgradesAnOpenConnectionAndDiscardsPipelinedClearText() throws Exception {
    SSLContext server = TlsContexts.selfSigned(data, List.of("localhost", "127.0.0.1"));
    SSLContext client = TlsContexts.trusting(TlsContexts.worldCertificate(data));
    try (TcpListener l = TcpListener.builder().port(0).handler(c -> {
      if (!"STARTTLS".equals(c.readLine())) return;
      c.writeLine("220 go ahead");
      c.startTls(server, false, null);
      c.writeLine("after=" + c.readLine() + " secure=" + c.isSecure());
      c.flush();
    }).start()) {
      Connection c = Connection.connect(new InetSocketAddress(l.address(), l.port()), Duration.ofSeconds(5),
          "client", null);
      OutputStream raw = c.outputStream();
      raw.write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
      c.flush();
      assertThat(c.readLine()).isEqualTo("220 go ahead");
      c.startTls(client, true, "localhost");
      c.writeLine("HELLO");
      c.flush();
      assertThat(c.readLine()).isEqualTo("after=HELLO secure=true");
      c.close();
    }
  }

  @Test
  void userPemFilesServeTls() throws Exception {
    TlsContexts.selfSigned(data, List.of("localhost"));
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(data.resolve("tls/minternet.p12"))) {
      ks.load(in, "minternet".toCharArray());
    }
    java.security.PrivateKey key = (java.security.PrivateKey) ks.getKey("minternet", "minternet".toCharArray());
    Path keyPem = data.resolve("key.pem");
    try (var w = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(Files.newBufferedWriter(keyPem))) {
      w.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null));
    }
    Path certPem = data.resolve("cert.pem");
    Files.writeString(certPem, TlsContexts.toPem(TlsContexts.worldCertificate(data)));
    SSLContext server = TlsContexts.fromPem(certPem, keyPem);
    SSLContext client = TlsContexts.trusting(TlsContexts.worldCertificate(data));
    try (TcpListener l = TcpListener.builder().port(0).tls(server).handler(c -> {
      c.writeLine("pem ok");
      c.flush();
    }).start();
        SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(l.address(), l.port())) {
      s.setSoTimeout(5000);
      assertThat(new BufferedReader(new InputStreamReader(s.getInputStream())).readLine()).isEqualTo("pem ok");
    }
  }
}
