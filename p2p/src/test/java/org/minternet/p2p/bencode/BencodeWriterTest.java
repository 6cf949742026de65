package org.minternet.p2p.bencode;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class BencodeWriterTest {
  private static String encode(BencodeValue v) {
    return new String(BencodeWriter.encode(v), ISO_8859_1);
  }

  @Test
  void writesEachKind() {
    assertThat(encode(BencodeValue.of(0))).isEqualTo("i0e");
    assertThat(encode(BencodeValue.of(-42))).isEqualTo("i-42e");
    assertThat(encode(BencodeValue.of(Long.MAX_VALUE))).isEqualTo("i9223372036854775807e");
    assertThat(encode(BencodeValue.of(""))).isEqualTo("0:");
    assertThat(encode(BencodeValue.of(new byte[] {(byte) 0xff, 0}))).isEqualTo("2:\u00ff\u0000");
    assertThat(encode(BencodeList.of(BencodeValue.of("spam"), BencodeValue.of(1)))).isEqualTo("l4:spami1ee");
  }

  @Test
  void dictionaryKeysComeOutSortedByRawBytesWhateverTheOrderOfPut() {
    BencodeDictionary d = BencodeDictionary.builder()
        .put("spam", "eggs").put("a", 2).put("Z", 1).put(BencodeString.of(new byte[] {(byte) 0xe9}), BencodeValue.of(3))
        .put("cow", "moo").build();
    assertThat(encode(d)).isEqualTo("d1:Zi1e1:ai2e3:cow3:moo4:spam4:eggs1:\u00e9i3ee");
  }

  @Test
  void whatIsReadIsWrittenBackByteForByte() throws Exception {
    byte[] pieces = new byte[20];
    for (int i = 0; i < pieces.length; i++) pieces[i] = (byte) (i * 13);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("d8:announce17:http://t/announce4:infod6:lengthi12345e4:name5:a.bin12:piece lengthi32768e6:pieces20:"
        .getBytes(ISO_8859_1));
    out.writeBytes(pieces);
    out.writeBytes("ee".getBytes(ISO_8859_1));
    byte[] in = out.toByteArray();
    assertThat(BencodeWriter.encode(BencodeReader.decode(in, BencodeLimits.METAINFO))).isEqualTo(in);
  }

  @Test
  void aDictionaryBuiltInCodeHashesItsCanonicalEncoding() throws Exception {
    BencodeDictionary d = BencodeDictionary.builder().put("b", 1).put("a", 2).build();
    assertThat(d.raw()).isEmpty();
    assertThat(new String(d.encoded(), ISO_8859_1)).isEqualTo("d1:ai2e1:bi1ee");
  }
}
