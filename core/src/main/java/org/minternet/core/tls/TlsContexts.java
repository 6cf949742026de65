package org.minternet.core.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * TLS server and client contexts: a self-signed certificate generated at first start into the data
 * directory (kept and reused afterwards), or the user's PEM or PKCS#12 files.
 */
public final class TlsContexts {
  /** File name of the generated key store inside the data directory's {@code tls/} folder. */
  public static final String GENERATED_STORE = "minternet.p12";
  private static final char[] GENERATED_PASSWORD = "minternet".toCharArray();

  private TlsContexts() {}

  /**
   * Loads the world's certificate from {@code dataDir/tls/minternet.p12}, generating a self-signed
   * one for {@code names} (DNS names and IP addresses) if it does not exist yet.
   */
  public static SSLContext selfSigned(Path dataDir, List<String> names) throws IOException {
    Path store = dataDir.resolve("tls").resolve(GENERATED_STORE);
    try {
      if (!Files.exists(store)) generate(store, names);
      return fromPkcs12(store, GENERATED_PASSWORD);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS with " + store + ": " + e.getMessage(), e);
    }
  }

  /** The certificate of the generated store, for clients that want to trust it. */
  public static X509Certificate certificateOf(Path pkcs12, char[] password) throws IOException {
    try (InputStream in = Files.newInputStream(pkcs12)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password);
      String alias = ks.aliases().nextElement();
      return (X509Certificate) ks.getCertificate(alias);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read " + pkcs12 + ": " + e.getMessage(), e);
    }
  }

  /** The certificate of the world's generated store in {@code dataDir}. */
  public static X509Certificate worldCertificate(Path dataDir) throws IOException {
    return certificateOf(dataDir.resolve("tls").resolve(GENERATED_STORE), GENERATED_PASSWORD);
  }

  private static void generate(Path store, List<String> names) throws IOException,
      GeneralSecurityException {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(256, new SecureRandom());
    KeyPair pair = gen.generateKeyPair();
    String cn = names.isEmpty() ? "minternet" : names.get(0);
    X500Name subject = new X500Name("CN=" + cn.replaceAll("[,=+<>#;\"\\\\]", "") + ",O=Minternet");
    Instant now = Instant.now();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
        new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
        Date.from(now.plus(Duration.ofDays(3650))), subject, pair.getPublic());
    List<GeneralName> alt = new ArrayList<>();
    for (String n : names) {
      boolean ip = n.matches("[0-9.]+") || n.contains(":");
      alt.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, n));
    }
    if (!alt.isEmpty()) {
      builder.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(alt.toArray(GeneralName[]::new)));
    }
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
    X509Certificate cert;
    try {
      cert = new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    } catch (org.bouncycastle.operator.OperatorCreationException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("minternet", pair.getPrivate(), GENERATED_PASSWORD, new Certificate[] {cert});
    Files.createDirectories(store.getParent());
    Path tmp = Files.createTempFile(store.getParent(), "tls", ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      ks.store(out, GENERATED_PASSWORD);
    }
    Files.move(tmp, store, StandardCopyOption.ATOMIC_MOVE);
    Path pem = store.resolveSibling("minternet.crt");
    Files.writeString(pem, toPem(cert));
  }

  /** PEM text of a certificate. */
  public static String toPem(X509Certificate cert) throws GeneralSecurityException {
    String b64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cert.getEncoded());
    return "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n";
  }

  /** A server context from a PKCS#12 file. */
  public static SSLContext fromPkcs12(Path file, char[] password) throws IOException,
      GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, password);
    }
    return fromKeyStore(ks, password);
  }

  /** A server context from a PEM certificate chain and a PEM private key (PKCS#1, PKCS#8 or EC). */
  public static SSLContext fromPem(Path certificateChain, Path privateKey) throws IOException {
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      Collection<? extends Certificate> chain;
      try (InputStream in = Files.newInputStream(certificateChain)) {
        chain = cf.generateCertificates(in);
      }
      if (chain.isEmpty()) throw new IOException("no certificate in " + certificateChain);
      PrivateKey key;
      try (Reader r = Files.newBufferedReader(privateKey); PEMParser parser = new PEMParser(r)) {
        Object o = parser.readObject();
        JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
        if (o instanceof PEMKeyPair kp) key = conv.getKeyPair(kp).getPrivate();
        else if (o instanceof PrivateKeyInfo info) key = conv.getPrivateKey(info);
        else throw new IOException("no private key in " + privateKey);
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] pw = new char[0];
      ks.setKeyEntry("key", key, pw, chain.toArray(Certificate[]::new));
      return fromKeyStore(ks, pw);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot load TLS key material: " + e.getMessage(), e);
    }
  }

  private static SSLContext fromKeyStore(KeyStore ks, char[] password) throws GeneralSecurityException {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, password);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }

  /** A client context that trusts exactly the given certificates (the world's own). */
  public static SSLContext trusting(X509Certificate... certificates) throws IOException {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {trustManager(certificates)}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot build trust store: " + e.getMessage(), e);
    }
  }

  /** A trust manager for exactly {@code certificates}; null certificates mean the JDK's defaults. */
  private static X509TrustManager trustManager(X509Certificate... certificates) throws GeneralSecurityException {
    KeyStore ts = null;
    if (certificates != null) {
      ts = KeyStore.getInstance("PKCS12");
      try {
        ts.load(null, null);
      } catch (IOException e) {
        throw new GeneralSecurityException(e.getMessage(), e);
      }
      int i = 0;
      for (X509Certificate c : certificates) ts.setCertificateEntry("ca" + i++, c);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    return (X509TrustManager) tmf.getTrustManagers()[0];
  }

  /**
   * A client context that trusts the JDK's default authorities and, besides them, the given
   * certificates (the world's own): clients reach both the world and the Internet.
   */
  public static SSLContext trustingAlso(X509Certificate... certificates) throws IOException {
    return trustingAlso(null, certificates);
  }

  /**
   * As {@link #trustingAlso(X509Certificate...)}, but a server certificate that neither trusts is
   * refused with {@code whenUntrusted} as the reason (what a command tells its user to do instead
   * of the JDK's "PKIX path building failed"); null keeps the JDK's reason.
   */
  public static SSLContext trustingAlso(String whenUntrusted, X509Certificate... certificates) throws IOException {
    try {
      X509TrustManager system = trustManager((X509Certificate[]) null);
      X509TrustManager world = certificates.length == 0 ? null : trustManager(certificates);
      X509TrustManager both = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType)
            throws java.security.cert.CertificateException {
          system.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType)
            throws java.security.cert.CertificateException {
          if (world != null) {
            try {
              world.checkServerTrusted(chain, authType);
              return;
            } catch (java.security.cert.CertificateException notWorld) {
              // perhaps an authority's
            }
          }
          try {
            system.checkServerTrusted(chain, authType);
          } catch (java.security.cert.CertificateException untrusted) {
            if (whenUntrusted == null) throw untrusted;
            throw new java.security.cert.CertificateException(whenUntrusted, untrusted);
          }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          X509Certificate[] a = system.getAcceptedIssuers();
          X509Certificate[] b = world == null ? new X509Certificate[0] : world.getAcceptedIssuers();
          X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
          System.arraycopy(b, 0, all, a.length, b.length);
          return all;
        }
      };
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {both}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot build trust store: " + e.getMessage(), e);
    }
  }

  /**
   * A client context that accepts any certificate. Only for opportunistic TLS between mail servers
   * (RFC 7435), where an unauthenticated encrypted channel is better than clear text.
   */
  public static SSLContext opportunistic() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS unavailable", e);
    }
  }
}
