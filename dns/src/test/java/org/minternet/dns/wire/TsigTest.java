package org.minternet.dns.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.TSIG;

/** TSIG signatures checked against dnsjava's implementation in both directions. */
class TsigTest {
  static final String SECRET = "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY=";
  static final Tsig.Key KEY = Tsig.Key.hmacSha256("update-key.", SECRET);

  private static Message update() {
    Header h = new Header(0x1111, false, Opcode.UPDATE, false, false, false, false, false, false, 0);
    return new Message(h, List.of(Question.in(Name.of("example.com."), RrTypes.SOA)), List.of(),
        List.of(Record.in(Name.of("new.example.com."), 300, TxtRData.of("hi"))), List.of(), null);
  }

  @Test
  void dnsjavaAcceptsOurSignature() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    byte[] signed = Tsig.sign(update().encode(), KEY, now, null, 0);
    TSIG theirs = new TSIG(TSIG.HMAC_SHA256, "update-key.", SECRET);
    org.xbill.DNS.Message m = new org.xbill.DNS.Message(signed);
    assertThat(theirs.verify(m, signed, null)).isEqualTo(org.xbill.DNS.Rcode.NOERROR);
    // and we accept our own, but not with a changed byte or a wrong key
    Message ours = Message.decode(signed);
    assertThat(Tsig.verify(signed, signed.length, ours, n -> KEY, null, now).status())
        .isEqualTo(Tsig.Status.VALID);
    byte[] tampered = signed.clone();
    tampered[40] ^= 1;
    Message t = Message.decode(tampered);
    assertThat(Tsig.verify(tampered, tampered.length, t, n -> KEY, null, now).status())
        .isEqualTo(Tsig.Status.BADSIG);
    assertThat(Tsig.verify(signed, signed.length, ours, n -> null, null, now).status())
        .isEqualTo(Tsig.Status.BADKEY);
    assertThat(Tsig.verify(signed, signed.length, ours, n -> KEY, null, now + 3600).status())
        .isEqualTo(Tsig.Status.BADTIME);
    Tsig.Key other = Tsig.Key.hmacSha256("update-key.", "b3RoZXItc2VjcmV0");
    assertThat(Tsig.verify(signed, signed.length, ours, n -> other, null, now).status())
        .isEqualTo(Tsig.Status.BADSIG);
  }

  @Test
  void weAcceptDnsjavasSignatureAndSignResponsesItAccepts() throws Exception {
    TSIG theirs = new TSIG(TSIG.HMAC_SHA256, "update-key.", SECRET);
    org.xbill.DNS.Message q = new org.xbill.DNS.Message(update().encode());
    q.setTSIG(theirs);
    byte[] wire = q.toWire(65535);
    Message ours = Message.decode(wire);
    Tsig.Verification v = Tsig.verify(wire, wire.length, ours, n -> KEY, null,
        System.currentTimeMillis() / 1000);
    assertThat(v.status()).isEqualTo(Tsig.Status.VALID);
    // our signed response verifies against dnsjava's request
    Message response = new Message(ours.header().response(0), ours.questions(), List.of(),
        List.of(), List.of(), null);
    byte[] signed = Tsig.sign(response.encode(), KEY, System.currentTimeMillis() / 1000, v.mac(), 0);
    org.xbill.DNS.Message r = new org.xbill.DNS.Message(signed);
    org.xbill.DNS.Message request = new org.xbill.DNS.Message(wire);
    assertThat(theirs.verify(r, signed, request.getTSIG())).isEqualTo(org.xbill.DNS.Rcode.NOERROR);
  }

  @Test
  void unsignedMessagesAreReportedAsSuch() {
    byte[] plain = update().encode();
    assertThat(Tsig.verify(plain, plain.length, update(), n -> KEY, null, 0).status())
        .isEqualTo(Tsig.Status.UNSIGNED);
  }
}
