package org.minternet.core.sasl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The server side of one SCRAM exchange (RFC 5802 sections 3, 5 and 7; RFC 7677):
 *
 * <ol>
 *   <li>client-first-message {@code gs2-header client-first-message-bare}: the channel binding
 *       flag is checked against the mechanism and the connection (section 6), {@code m=} refused,
 *       the user name decoded ({@code =2C}, {@code =3D}) and looked up;
 *   <li>server-first-message {@code r=client-nonce server-nonce,s=salt,i=iterations};
 *   <li>client-final-message: {@code c=} must be the base64 of the gs2 header (plus the binding
 *       data for {@code p=}), {@code r=} the combined nonce, and {@code p=} a proof whose
 *       {@code H(ClientProof XOR ClientSignature)} equals StoredKey, compared in constant time;
 *   <li>success carries server-final-message {@code v=ServerSignature}.
 * </ol>
 *
 * An unknown user gets a salt derived from its name and a server secret, so that it looks like
 * any other user until the proof fails.
 */
final class ScramExchange<U> implements SaslExchange<U> {
  private enum State { START, CLIENT_FIRST_EXPECTED, CLIENT_FINAL_EXPECTED, DONE }

  private final ScramAlgorithm algorithm;
  private final boolean plus;
  private final ChannelBinding binding;
  private final ScramCredentials<U> credentials;
  private final AuthorizationPolicy policy;
  private final int maxResponse;
  private final String serverNonce;
  private final byte[] unknownUserSecret;
  private State state = State.START;

  private String gs2Header;
  private String clientFirstBare;
  private String serverFirst;
  private String nonce;
  private String username;
  private String authzid;
  private ScramCredential<U> credential; // null: unknown user

  ScramExchange(ScramAlgorithm algorithm, boolean plus, ChannelBinding binding, ScramCredentials<U> credentials,
      AuthorizationPolicy policy, int maxResponse, String serverNonce, byte[] unknownUserSecret) {
    this.algorithm = algorithm;
    this.plus = plus;
    this.binding = binding;
    this.credentials = credentials;
    this.policy = policy;
    this.maxResponse = maxResponse;
    this.serverNonce = serverNonce;
    this.unknownUserSecret = unknownUserSecret;
  }

  @Override
  public String mechanism() {
    return algorithm.mechanism() + (plus ? "-PLUS" : "");
  }

  @Override
  public SaslStep<U> evaluate(byte[] response) throws IOException {
    switch (state) {
      case START -> {
        if (response == null) {
          state = State.CLIENT_FIRST_EXPECTED;
          return new SaslStep.Challenge<>(new byte[0]);
        }
        return clientFirst(response);
      }
      case CLIENT_FIRST_EXPECTED -> {
        return clientFirst(response);
      }
      case CLIENT_FINAL_EXPECTED -> {
        state = State.DONE;
        return clientFinal(response);
      }
      default -> throw new IllegalStateException(mechanism() + " exchange already finished");
    }
  }

  private SaslStep<U> clientFirst(byte[] response) throws IOException {
    state = State.DONE;
    String m = text(response);
    if (m == null) return fail(SaslFailure.MALFORMED);
    // gs2-header = gs2-cbind-flag "," [ authzid ] ","
    int c1 = m.indexOf(',');
    int c2 = c1 < 0 ? -1 : m.indexOf(',', c1 + 1);
    if (c2 < 0) return fail(SaslFailure.MALFORMED);
    String flag = m.substring(0, c1);
    String authzPart = m.substring(c1 + 1, c2);
    SaslFailure cb = checkBindingFlag(flag);
    if (cb != null) return fail(cb);
    if (authzPart.isEmpty()) {
      authzid = "";
    } else {
      authzid = authzPart.startsWith("a=") ? saslname(authzPart.substring(2)) : null;
      if (authzid == null || authzid.isEmpty()) return fail(SaslFailure.MALFORMED);
    }
    gs2Header = m.substring(0, c2 + 1);
    clientFirstBare = m.substring(c2 + 1);
    String[] attrs = clientFirstBare.split(",", -1);
    if (attrs.length < 2 || !attrs[0].startsWith("n=") || !attrs[1].startsWith("r=")) {
      return fail(SaslFailure.MALFORMED); // includes a leading m= (section 5.1: MUST fail)
    }
    username = saslname(attrs[0].substring(2));
    String clientNonce = attrs[1].substring(2);
    if (username == null || username.isEmpty() || !printable(clientNonce) || !extensions(attrs, 2, attrs.length)) {
      return fail(SaslFailure.MALFORMED);
    }
    Optional<ScramCredential<U>> found;
    try {
      found = credentials.lookup(username, algorithm);
    } catch (SaslUnavailableException e) {
      return fail(SaslFailure.TEMPORARY_FAILURE);
    }
    credential = found.orElse(null);
    byte[] salt = credential != null ? credential.salt() : inventedSalt(username);
    int iterations = credential != null ? credential.iterations() : ScramCredential.DEFAULT_ITERATIONS;
    nonce = clientNonce + serverNonce;
    serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations;
    state = State.CLIENT_FINAL_EXPECTED;
    return new SaslStep.Challenge<>(serverFirst.getBytes(StandardCharsets.UTF_8));
  }

  /** RFC 5802 section 6: what the client's flag says against what this mechanism and connection offer. */
  private SaslFailure checkBindingFlag(String flag) {
    if (flag.equals("n")) return plus ? SaslFailure.CHANNEL_BINDING : null;
    if (flag.equals("y")) {
      // the client could bind but thinks we cannot: if we offer -PLUS here, someone removed it
      return plus || binding.isPresent() ? SaslFailure.CHANNEL_BINDING : null;
    }
    if (flag.startsWith("p=")) {
      String name = flag.substring(2);
      if (name.isEmpty() || !name.chars().allMatch(ch -> ch < 0x80 && (Character.isLetterOrDigit(ch)
          || ch == '.' || ch == '-'))) {
        return SaslFailure.MALFORMED;
      }
      return plus && binding.isPresent() && binding.type().equals(name) ? null : SaslFailure.CHANNEL_BINDING;
    }
    return SaslFailure.MALFORMED;
  }

  private SaslStep<U> clientFinal(byte[] response) {
    String m = text(response);
    if (m == null) return fail(SaslFailure.MALFORMED);
    int proofAt = m.lastIndexOf(",p=");
    if (proofAt < 0) return fail(SaslFailure.MALFORMED);
    String withoutProof = m.substring(0, proofAt);
    String[] attrs = withoutProof.split(",", -1);
    if (attrs.length < 2 || !attrs[0].startsWith("c=") || !attrs[1].startsWith("r=")
        || !extensions(attrs, 2, attrs.length)) {
      return fail(SaslFailure.MALFORMED);
    }
    byte[] channel;
    byte[] proof;
    try {
      channel = Base64.getDecoder().decode(attrs[0].substring(2));
      proof = Base64.getDecoder().decode(m.substring(proofAt + 3));
    } catch (IllegalArgumentException e) {
      return fail(SaslFailure.MALFORMED);
    }
    if (!MessageDigest.isEqual(channel, expectedChannelInput())) return fail(SaslFailure.CHANNEL_BINDING);
    if (!attrs[1].substring(2).equals(nonce)) return fail(SaslFailure.MALFORMED);
    String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
    byte[] storedKey = credential != null ? credential.storedKey() : algorithm.hash(serverNonce.getBytes(StandardCharsets.UTF_8));
    byte[] serverKey = credential != null ? credential.serverKey() : storedKey;
    byte[] clientSignature = algorithm.hmac(storedKey, authMessage);
    if (proof.length != clientSignature.length) return fail(SaslFailure.INVALID_CREDENTIALS);
    byte[] clientKey = new byte[proof.length];
    for (int i = 0; i < proof.length; i++) clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
    boolean proven = MessageDigest.isEqual(algorithm.hash(clientKey), storedKey);
    if (!proven || credential == null) return fail(SaslFailure.INVALID_CREDENTIALS);
    if (!authzid.isEmpty() && !policy.mayActAs(username, authzid)) return fail(SaslFailure.AUTHORIZATION_REFUSED);
    byte[] serverSignature = algorithm.hmac(serverKey, authMessage);
    String serverFinal = "v=" + Base64.getEncoder().encodeToString(serverSignature);
    return new SaslStep.Success<>(username, authzid.isEmpty() ? username : authzid, credential.account(),
        serverFinal.getBytes(StandardCharsets.UTF_8));
  }

  /** cbind-input = gs2-header [ cbind-data ] (the data only with {@code p=}). */
  private byte[] expectedChannelInput() {
    byte[] header = gs2Header.getBytes(StandardCharsets.UTF_8);
    if (!gs2Header.startsWith("p=")) return header;
    byte[] data = binding.data();
    byte[] out = Arrays.copyOf(header, header.length + data.length);
    System.arraycopy(data, 0, out, header.length, data.length);
    return out;
  }

  private byte[] inventedSalt(String user) {
    return Arrays.copyOf(ScramAlgorithm.SHA_256.hmac(unknownUserSecret, user), 16);
  }

  private String text(byte[] response) {
    if (response == null || response.length == 0 || response.length > maxResponse) return null;
    for (byte b : response) if (b == 0) return null;
    return SaslText.utf8(response);
  }

  /** saslname: UTF-8 where ',' is sent as =2C and '=' as =3D; any other '=' is malformed. */
  private static String saslname(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ',') return null;
      if (c != '=') {
        b.append(c);
      } else if (s.startsWith("=2C", i)) {
        b.append(',');
        i += 2;
      } else if (s.startsWith("=3D", i)) {
        b.append('=');
        i += 2;
      } else {
        return null;
      }
    }
    return b.toString();
  }

  /** printable = %x21-2B / %x2D-7E, at least one. */
  private static boolean printable(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> c >= 0x21 && c <= 0x7e && c != ',');
  }

  /** Optional extensions {@code ALPHA "=" value}: understood by nobody, so ignored; {@code m=} is refused. */
  private static boolean extensions(String[] attrs, int from, int to) {
    for (int i = from; i < to; i++) {
      String a = attrs[i];
      if (a.length() < 2 || a.charAt(1) != '=' || !isAlpha(a.charAt(0)) || a.charAt(0) == 'm') return false;
    }
    return true;
  }

  private static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private SaslStep<U> fail(SaslFailure reason) {
    state = State.DONE;
    return new SaslStep.Failure<>(reason);
  }
}
