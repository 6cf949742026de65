package org.minternet.core.sasl;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The server side of SASL (RFC 4422) for every protocol: a factory of {@link SaslExchange}s by
 * mechanism name. Mechanisms:
 *
 * <ul>
 *   <li>{@code PLAIN} (RFC 4616) and {@code LOGIN} (draft-murchison-sasl-login, as SMTP clients
 *       use it), checked by a {@link PasswordVerifier};
 *   <li>{@code SCRAM-SHA-1}, {@code SCRAM-SHA-256} (RFC 5802, RFC 7677) and their {@code -PLUS}
 *       variants with channel binding, checked against {@link ScramCredentials} (salt, iteration
 *       count, StoredKey, ServerKey: the server never sees the password).
 * </ul>
 *
 * Which authorization identities an authenticated client may take is an {@link
 * AuthorizationPolicy} ({@link AuthorizationPolicy#SELF} by default). Every client response is
 * bounded ({@link #DEFAULT_MAX_RESPONSE} octets unless configured).
 *
 * <pre>{@code
 * SaslServer<MailUser> sasl = SaslServer.<MailUser>builder()
 *     .passwords((user, password) -> store.authenticate(user, password))
 *     .mechanisms("PLAIN", "LOGIN").build();
 * SaslExchange<MailUser> x = sasl.start("PLAIN").orElseThrow();
 * SaslStep<MailUser> step = x.evaluate(initialResponse);
 * }</pre>
 */
public final class SaslServer<U> {
  /** Longest client response accepted, in octets after base64 decoding. */
  public static final int DEFAULT_MAX_RESPONSE = 4096;

  static final String PLAIN = "PLAIN";
  static final String LOGIN = "LOGIN";

  private final PasswordVerifier<U> passwords;
  private final ScramCredentials<U> scram;
  private final AuthorizationPolicy policy;
  private final List<String> mechanisms;
  private final int maxResponse;
  private final Supplier<String> nonces;
  private final byte[] unknownUserSecret; // the key of unknown users' invented SCRAM salts

  private SaslServer(Builder<U> b) {
    this.passwords = b.passwords;
    this.scram = b.scram;
    this.policy = b.policy;
    this.maxResponse = b.maxResponse;
    this.nonces = b.nonces;
    List<String> available = new ArrayList<>();
    if (scram != null) {
      for (ScramAlgorithm a : ScramAlgorithm.PREFERENCE) {
        available.add(a.mechanism() + "-PLUS");
        available.add(a.mechanism());
      }
    }
    if (passwords != null) {
      available.add(PLAIN);
      available.add(LOGIN);
    }
    List<String> chosen;
    if (b.mechanisms == null) {
      chosen = new ArrayList<>(available);
      chosen.remove(LOGIN); // obsolete: only where a protocol asks for it by name
    } else {
      chosen = new ArrayList<>();
      for (String m : b.mechanisms) {
        String name = m.toUpperCase(Locale.ROOT);
        if (!available.contains(name)) {
          throw new IllegalArgumentException("SASL mechanism " + m + " is unknown or has no credentials configured");
        }
        chosen.add(name);
      }
    }
    if (chosen.isEmpty()) throw new IllegalArgumentException("no SASL mechanism configured");
    this.mechanisms = List.copyOf(chosen);
    this.unknownUserSecret = new byte[scram == null ? 0 : 32];
    Builder.RANDOM.nextBytes(unknownUserSecret);
  }

  public static <U> Builder<U> builder() {
    return new Builder<>();
  }

  /**
   * The mechanisms to advertise on a connection, in order of preference; the {@code -PLUS} ones
   * only when {@code binding} is present.
   */
  public List<String> mechanisms(ChannelBinding binding) {
    return mechanisms.stream().filter(m -> binding.isPresent() || !m.endsWith("-PLUS")).toList();
  }

  /** {@link #mechanisms(ChannelBinding)} for a connection without channel binding. */
  public List<String> mechanisms() {
    return mechanisms(ChannelBinding.NONE);
  }

  /** Whether {@code mechanism} (any case) is configured. */
  public boolean supports(String mechanism) {
    return mechanisms.contains(mechanism.toUpperCase(Locale.ROOT));
  }

  /** {@link #start(String, ChannelBinding)} on a connection without channel binding. */
  public Optional<SaslExchange<U>> start(String mechanism) {
    return start(mechanism, ChannelBinding.NONE);
  }

  /**
   * A new exchange for {@code mechanism} (any case); empty when it is not configured here or is a
   * {@code -PLUS} mechanism on a connection without channel binding.
   */
  public Optional<SaslExchange<U>> start(String mechanism, ChannelBinding binding) {
    Objects.requireNonNull(binding);
    String name = mechanism.toUpperCase(Locale.ROOT);
    if (!mechanisms(binding).contains(name)) return Optional.empty();
    return Optional.of(switch (name) {
      case PLAIN -> new PlainExchange<>(passwords, policy, maxResponse);
      case LOGIN -> new LoginExchange<>(passwords, maxResponse);
      default -> {
        boolean plus = name.endsWith("-PLUS");
        ScramAlgorithm algorithm = ScramAlgorithm.forMechanism(plus ? name.substring(0, name.length() - 5) : name);
        yield new ScramExchange<>(algorithm, plus, binding, scram, policy, maxResponse, nonces.get(),
            unknownUserSecret);
      }
    });
  }

  /** Settings of a {@link SaslServer}: at least one kind of credentials. */
  public static final class Builder<U> {
    private PasswordVerifier<U> passwords;
    private ScramCredentials<U> scram;
    private AuthorizationPolicy policy = AuthorizationPolicy.SELF;
    private Set<String> mechanisms;
    private int maxResponse = DEFAULT_MAX_RESPONSE;
    private Supplier<String> nonces = Builder::randomNonce;

    private Builder() {}

    /** Enables PLAIN (and LOGIN when named in {@link #mechanisms}) with this password check. */
    public Builder<U> passwords(PasswordVerifier<U> verifier) {
      this.passwords = Objects.requireNonNull(verifier);
      return this;
    }

    /** Enables the SCRAM family with these stored credentials. */
    public Builder<U> scram(ScramCredentials<U> credentials) {
      this.scram = Objects.requireNonNull(credentials);
      return this;
    }

    public Builder<U> authorization(AuthorizationPolicy policy) {
      this.policy = Objects.requireNonNull(policy);
      return this;
    }

    /**
     * Only these mechanisms, in this order of preference (default: every one the credentials
     * allow, SCRAM first, LOGIN left out).
     */
    public Builder<U> mechanisms(String... names) {
      this.mechanisms = new LinkedHashSet<>(List.of(names));
      return this;
    }

    /** Longest client response in octets (default {@link #DEFAULT_MAX_RESPONSE}). */
    public Builder<U> maxResponse(int octets) {
      if (octets < 64) throw new IllegalArgumentException("maxResponse " + octets);
      this.maxResponse = octets;
      return this;
    }

    /** The SCRAM server nonce source (tests replay the RFC examples with a fixed one). */
    Builder<U> nonces(Supplier<String> nonces) {
      this.nonces = Objects.requireNonNull(nonces);
      return this;
    }

    public SaslServer<U> build() {
      return new SaslServer<>(this);
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private static String randomNonce() {
      byte[] b = new byte[18];
      RANDOM.nextBytes(b);
      return Base64.getEncoder().encodeToString(b); // printable, never ','
    }
  }
}
