package org.minternet.p2p.bencode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes bencoded values in canonical form (BEP 3): integers without leading zeros, dictionary
 * keys sorted by their raw bytes, each once. Equal values always encode to equal bytes.
 */
public final class BencodeWriter {
  private BencodeWriter() {}

  public static byte[] encode(BencodeValue value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(value, out);
    return out.toByteArray();
  }

  private static void write(BencodeValue value, ByteArrayOutputStream out) {
    switch (value) {
      case BencodeInteger i -> ascii(out, "i" + i.value() + "e");
      case BencodeString s -> string(s, out);
      case BencodeList l -> {
        out.write('l');
        for (BencodeValue v : l.values()) write(v, out);
        out.write('e');
      }
      case BencodeDictionary d -> {
        out.write('d');
        for (Map.Entry<BencodeString, BencodeValue> e : d.entries().entrySet()) {
          string(e.getKey(), out);
          write(e.getValue(), out);
        }
        out.write('e');
      }
    }
  }

  private static void string(BencodeString s, ByteArrayOutputStream out) {
    ascii(out, s.length() + ":");
    s.writeTo(out);
  }

  private static void ascii(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }
}
