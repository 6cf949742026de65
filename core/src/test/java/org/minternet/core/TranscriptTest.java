package org.minternet.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.minternet.core.tap.Transcript;

class TranscriptTest {
  @Test
  void ringKeepsTheNewestEntriesOnly() {
    Transcript t = new Transcript(3);
    for (int i = 0; i < 5; i++) t.received("smtp", "p", "line " + i);
    assertThat(t.snapshot()).extracting(Transcript.Entry::text).containsExactly("line 2", "line 3", "line 4");
  }

  @Test
  void longTextIsCut() {
    Transcript t = new Transcript(1);
    t.sent("http", "p", "x".repeat(10_000));
    assertThat(t.snapshot().get(0).text().length()).isLessThan(600);
  }
}
