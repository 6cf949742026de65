package org.minternet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class ExternalToolTest {
  @Test
  void findsAnInstalledProgramOnThePath() {
    assertThat(ExternalTool.find("sh")).hasValueSatisfying(p -> assertThat(Files.isExecutable(p)).isTrue());
  }

  @Test
  void aMissingProgramIsEmpty() {
    assertThat(ExternalTool.find("minternet-no-such-program")).isEmpty();
    assertThat(ExternalTool.find("")).isEmpty();
  }
}
