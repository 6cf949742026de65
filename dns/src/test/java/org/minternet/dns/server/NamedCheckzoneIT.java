package org.minternet.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.dns.wire.Name;
import org.minternet.dns.zone.Zone;
import org.minternet.dns.zone.ZoneFile;

/** A zone file accepted by BIND's named-checkzone loads with the same records here. */
class NamedCheckzoneIT {
  @Test
  void loadsTheSameRecordsAsNamedCheckzone(@TempDir Path dir) throws Exception {
    Path source = Path.of(getClass().getResource("/zones/example.com.zone").toURI());
    Path canonical = dir.resolve("canonical.zone");
    // BIND reads $INCLUDE relative to its working directory, we relative to the including file
    String out = Tools.runIn(source.getParent(), "named-checkzone", "-D", "-o", canonical.toString(), "example.com",
        source.toString());
    assertThat(out).contains("OK");
    Name origin = Name.of("example.com.");
    Zone ours = ZoneFile.load(source, origin);
    Zone theirs = ZoneFile.load(canonical, origin);
    assertThat(ours.records()).containsExactlyInAnyOrderElementsOf(theirs.records());
    // and what we write, BIND accepts with the same records
    Path written = dir.resolve("written.zone");
    Files.writeString(written, ours.toZoneFile());
    Path again = dir.resolve("again.zone");
    assertThat(Tools.run("named-checkzone", "-D", "-o", again.toString(), "example.com",
        written.toString())).contains("OK");
    assertThat(ZoneFile.load(again, origin).records()).containsExactlyInAnyOrderElementsOf(ours.records());
  }
}
