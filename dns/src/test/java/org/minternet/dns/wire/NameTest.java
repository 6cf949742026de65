package org.minternet.dns.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NameTest {
  @Test
  void comparesCaseInsensitivelyAndKeepsCase() {
    Name a = Name.of("WWW.Example.COM.");
    Name b = Name.of("www.example.com.");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.toString()).isEqualTo("WWW.Example.COM.");
    assertThat(a.isSubdomainOf(Name.of("example.com."))).isTrue();
    assertThat(a.isSubdomainOf(Name.of("ample.com."))).isFalse();
  }

  @Test
  void parsesEscapesAndRelativeNames() throws Exception {
    Name origin = Name.of("example.com.");
    Name n = Name.parse("a\\.b.c", origin);
    assertThat(n.labelCount()).isEqualTo(4);
    assertThat(n.labelText(0)).isEqualTo("a\\.b");
    assertThat(Name.parse("\\065bc.", origin)).isEqualTo(Name.of("abc."));
    assertThat(Name.parse("\\065bc.", origin).toString()).isEqualTo("Abc.");
    assertThat(Name.parse("@", origin)).isSameAs(origin);
    assertThat(Name.parse("host", origin).toString()).isEqualTo("host.example.com.");
    assertThat(Name.parse("host.", origin).toString()).isEqualTo("host.");
    assertThat(Name.parse("sp\\032ace.", origin).toString()).isEqualTo("sp\\032ace.");
    assertThat(Name.parse(".", origin)).isEqualTo(Name.ROOT);
  }

  @Test
  void rejectsMalformedText() {
    assertThatThrownBy(() -> Name.parse("a..b.")).hasMessageContaining("empty label");
    assertThatThrownBy(() -> Name.parse("a\\")).hasMessageContaining("escape");
    assertThatThrownBy(() -> Name.parse("a\\25")).hasMessageContaining("escape");
    assertThatThrownBy(() -> Name.parse("a\\300.")).hasMessageContaining("escape");
    assertThatThrownBy(() -> Name.parse("h\u00e9.")).hasMessageContaining("non-ASCII");
    assertThatThrownBy(() -> Name.parse(("a".repeat(63) + ".").repeat(4))).hasMessageContaining("255");
  }

  @Test
  void ordersCanonically() {
    // RFC 4034 §6.1 example order
    String[] sorted = {"example.", "a.example.", "yljkjljk.a.example.", "Z.a.example.",
        "zABC.a.EXAMPLE.", "z.example.", "\\001.z.example.", "*.z.example.", "\\200.z.example."};
    for (int i = 1; i < sorted.length; i++) {
      assertThat(Name.of(sorted[i - 1]).compareTo(Name.of(sorted[i]))).as(sorted[i]).isNegative();
    }
  }

  @Test
  void formatsRelativeToAnOrigin() {
    Name origin = Name.of("example.com.");
    assertThat(Name.of("www.example.com.").relativeTo(origin)).isEqualTo("www");
    assertThat(Name.of("example.com.").relativeTo(origin)).isEqualTo("@");
    assertThat(Name.of("example.org.").relativeTo(origin)).isEqualTo("example.org.");
  }
}
