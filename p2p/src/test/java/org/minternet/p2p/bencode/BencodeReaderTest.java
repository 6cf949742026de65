package org.minternet.p2p.bencode;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.minternet.p2p.bencode.BencodeException.Error;

class BencodeReaderTest {
  private static final BencodeLimits SMALL = new BencodeLimits(1024, 4, 100, 50);

  private static byte[] b(String latin1) {
    return latin1.getBytes(ISO_8859_1);
  }

  private static BencodeValue read(String s) throws BencodeException {
    return BencodeReader.decode(b(s), BencodeLimits.MESSAGE);
  }

  private static void rejects(String s, Error error) {
    rejects(s, BencodeLimits.MESSAGE, error);
  }

  private static void rejects(String s, BencodeLimits limits, Error error) {
    assertThatThrownBy(() -> BencodeReader.decode(b(s), limits))
        .isInstanceOf(BencodeException.class)
        .extracting(e -> ((BencodeException) e).error()).isEqualTo(error);
  }

  @Test
  void readsTheExamplesOfBep3() throws Exception {
    assertThat(read("4:spam")).isEqualTo(BencodeValue.of("spam"));
    assertThat(read("0:")).isEqualTo(BencodeValue.of(""));
    assertThat(read("i3e")).isEqualTo(BencodeValue.of(3));
    assertThat(read("i-3e")).isEqualTo(BencodeValue.of(-3));
    assertThat(read("i0e")).isEqualTo(BencodeValue.of(0));
    assertThat(read("l4:spam4:eggse")).isEqualTo(BencodeList.of(BencodeValue.of("spam"), BencodeValue.of("eggs")));
    assertThat(read("d3:cow3:moo4:spam4:eggse")).isEqualTo(
        BencodeDictionary.builder().put("cow", "moo").put("spam", "eggs").build());
    assertThat(read("d4:spaml1:a1:bee")).isEqualTo(BencodeDictionary.builder()
        .put("spam", BencodeList.of(BencodeValue.of("a"), BencodeValue.of("b"))).build());
    assertThat(read("de")).isEqualTo(BencodeDictionary.builder().build());
    assertThat(read("le")).isEqualTo(BencodeList.of());
  }

  @Test
  void byteStringsAreBytesNotText() throws Exception {
    BencodeString s = (BencodeString) BencodeReader.decode(new byte[] {'3', ':', (byte) 0xff, 0, (byte) 0x80},
        BencodeLimits.MESSAGE);
    assertThat(s.bytes()).containsExactly(0xff, 0, 0x80);
    assertThat(s.utf8()).isEmpty();
  }

  @Test
  void readsTheExtremesOfALong() throws Exception {
    assertThat(read("i9223372036854775807e")).isEqualTo(BencodeValue.of(Long.MAX_VALUE));
    assertThat(read("i-9223372036854775807e")).isEqualTo(BencodeValue.of(-Long.MAX_VALUE));
    rejects("i9223372036854775808e", Error.INTEGER_OVERFLOW);
    rejects("i99999999999999999999999999e", Error.INTEGER_OVERFLOW);
  }

  @Test
  void rejectsLeadingZerosAndNegativeZero() {
    rejects("i03e", Error.LEADING_ZERO);
    rejects("i00e", Error.LEADING_ZERO);
    rejects("i-03e", Error.LEADING_ZERO);
    rejects("i-0e", Error.NEGATIVE_ZERO);
    rejects("03:abc", Error.LEADING_ZERO);
    rejects("00:", Error.LEADING_ZERO);
  }

  @Test
  void rejectsMalformedIntegersAndLengths() {
    rejects("ie", Error.SYNTAX);
    rejects("i-e", Error.SYNTAX);
    rejects("i1.5e", Error.SYNTAX);
    rejects("i+1e", Error.SYNTAX);
    rejects("i 1e", Error.SYNTAX);
    rejects("-1:a", Error.SYNTAX);
    rejects("1a:b", Error.SYNTAX);
    rejects("x", Error.SYNTAX);
    rejects("", Error.TRUNCATED);
  }

  @Test
  void rejectsUnsortedAndDuplicateKeys() {
    rejects("d4:spam4:eggs3:cow3:mooe", Error.UNSORTED_KEYS);
    rejects("d3:cow3:moo3:cow3:mooe", Error.DUPLICATE_KEY);
    rejects("di1e1:ae", Error.SYNTAX);
  }

  @Test
  void keysAreSortedAsRawBytesNotAsText() throws Exception {
    // 'Z' (0x5a) sorts before 'a' (0x61), and 0xe9 (as in a Latin-1 'é') after both
    assertThat(read("d1:Zi1e1:ai2e1:\u00e9i3ee")).isInstanceOf(BencodeDictionary.class);
    rejects("d1:ai2e1:Zi1ee", Error.UNSORTED_KEYS);
    rejects("d1:\u00e9i3e1:ai2ee", Error.UNSORTED_KEYS);
    // a prefix sorts before the longer key
    assertThat(read("d1:ai1e2:aai2ee")).isInstanceOf(BencodeDictionary.class);
    rejects("d2:aai2e1:ai1ee", Error.UNSORTED_KEYS);
  }

  @Test
  void rejectsTruncatedInput() {
    rejects("i12", Error.TRUNCATED);
    rejects("4:spa", Error.TRUNCATED);
    rejects("l4:spam", Error.TRUNCATED);
    rejects("d3:cow", Error.TRUNCATED);
    rejects("d3:cow3:moo", Error.TRUNCATED);
    rejects("12", Error.TRUNCATED);
  }

  @Test
  void rejectsTrailingGarbage() {
    rejects("i1ei2e", Error.TRAILING_DATA);
    rejects("4:spamx", Error.TRAILING_DATA);
    rejects("dee", Error.TRAILING_DATA);
  }

  @Test
  void aHugeDeclaredLengthAllocatesNothing() {
    rejects("4294967296:abc", Error.STRING_TOO_LONG);
    rejects("99999999999999999999999999:abc", Error.STRING_TOO_LONG);
    rejects("101:abc", SMALL, Error.STRING_TOO_LONG);
    // within the string limit but beyond the input: truncated, not an allocation of 100 bytes' promise
    rejects("99:abc", SMALL, Error.TRUNCATED);
  }

  @Test
  void deepNestingEndsInAnErrorNotAStackOverflow() {
    rejects("l".repeat(5) + "e".repeat(5), SMALL, Error.TOO_DEEP);
    String deep = "l".repeat(100_000) + "e".repeat(100_000);
    rejects(deep, new BencodeLimits(1 << 20, 64, 100, 1 << 20), Error.TOO_DEEP);
    rejects("d1:a".repeat(40) + "i1e" + "e".repeat(40), Error.TOO_DEEP);
  }

  @Test
  void nestingUpToTheLimitIsRead() throws Exception {
    assertThat(BencodeReader.decode(b("llllee" + "ee"), SMALL)).isInstanceOf(BencodeList.class);
  }

  @Test
  void tooManyElementsAndTooMuchInputAreRejected() {
    rejects("l" + "i1e".repeat(60) + "e", SMALL, Error.TOO_MANY_ELEMENTS);
    rejects("l" + "0:".repeat(600) + "e", SMALL, Error.INPUT_TOO_LARGE);
  }

  @Test
  void aStreamIsReadOnlyUpToTheLimit() {
    byte[] big = b("l" + "0:".repeat(10_000) + "e");
    ByteArrayInputStream in = new ByteArrayInputStream(big);
    assertThatThrownBy(() -> BencodeReader.decode(in, SMALL)).isInstanceOf(BencodeException.class)
        .extracting(e -> ((BencodeException) e).error()).isEqualTo(Error.INPUT_TOO_LARGE);
    assertThat(in.available()).isEqualTo(big.length - SMALL.maxTotalSize() - 1);
  }

  @Test
  void aDictionaryKnowsTheExactBytesItWasReadFrom() throws Exception {
    String info = "d6:lengthi5e4:name1:ae";
    byte[] input = b("d8:announce3:url4:info" + info + "e");
    BencodeDictionary top = BencodeReader.decodeDictionary(input, BencodeLimits.METAINFO);
    BencodeDictionary d = (BencodeDictionary) top.get("info").orElseThrow();
    ByteBuffer raw = d.raw().orElseThrow();
    assertThat(raw.remaining()).isEqualTo(info.length());
    assertThat(d.encoded()).isEqualTo(b(info));
    byte[] expected = MessageDigest.getInstance("SHA-1").digest(b(info));
    assertThat(d.digest(MessageDigest.getInstance("SHA-1"))).isEqualTo(expected);
    assertThat(HexFormat.of().formatHex(expected)).hasSize(40);
    assertThat(raw.isReadOnly()).isTrue();
  }

  @Test
  void theErrorMessageCarriesNoInput() {
    assertThatThrownBy(() -> read("d6:secret4:eggs3:cowi1ee")).hasMessage("unsorted keys at byte 15");
  }
}
