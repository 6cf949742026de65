package org.minternet.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.minternet.world.HostSpec;
import org.minternet.world.ServiceSpec;
import org.minternet.world.WorldFile;
import org.minternet.world.WorldSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code minternet world}: show or check world descriptions. */
@Command(name = "world", mixinStandardHelpOptions = true,
    description = "Show the default world description, or check a world file.",
    subcommands = {WorldCommand.Show.class, WorldCommand.Check.class})
final class WorldCommand extends CommandGroup {
  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Print the embedded default world description (a starting point for your own).")
  static final class Show implements Callable<Integer> {
    @Override
    public Integer call() {
      System.out.print(WorldFile.defaultWorldText());
      return 0;
    }
  }

  @Command(name = "check", mixinStandardHelpOptions = true, description = "Check a world file and summarise it.")
  static final class Check implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The world file.")
    Path file;

    @Option(names = "--quiet", description = "Print nothing when the file is valid.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
      WorldSpec w = WorldFile.read(file);
      if (!quiet) {
        System.out.printf("world %s: %d hosts, %d zones, %d mail exchangers, %d users%n", w.name(),
            w.hosts().size(), w.zones().size(), w.mx().size(), w.users().size());
        for (HostSpec h : w.hosts()) {
          System.out.printf("  %-24s %-12s %s%n", h.name(), h.address().getHostAddress(),
              String.join(" ", h.services().stream().map(ServiceSpec::kind).toList()));
        }
      }
      return 0;
    }
  }
}
