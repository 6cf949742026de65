package org.minternet.world;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.minternet.core.tap.Transcript;

/**
 * The JUnit 5 extension behind {@link MinternetWorld}: one world per test class, started before
 * all tests on free ports in a temporary data directory, stopped (and the directory deleted)
 * after all tests.
 */
public final class WorldExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(WorldExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    MinternetWorld annotation = context.getRequiredTestClass().getAnnotation(MinternetWorld.class);
    WorldSpec spec;
    if (annotation == null || annotation.resource().isEmpty()) {
      spec = WorldFile.defaultWorld();
    } else {
      try (InputStream in = context.getRequiredTestClass().getClassLoader()
          .getResourceAsStream(annotation.resource())) {
        if (in == null) throw new IOException("world resource not found: " + annotation.resource());
        spec = WorldFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), annotation.resource());
      }
    }
    Path data = Files.createTempDirectory("minternet-world-");
    World world = World.start(spec, new WorldOptions(PortPlan.free(spec), data,
        new Transcript(WorldOptions.TRANSCRIPT_CAPACITY)));
    context.getStore(NS).put("world", world);
    context.getStore(NS).put("data", data);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    World world = context.getStore(NS).remove("world", World.class);
    if (world != null) world.close();
    Path data = context.getStore(NS).remove("data", Path.class);
    if (data != null) {
      try (Stream<Path> files = Files.walk(data)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == World.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    World world = e.getStore(NS).get("world", World.class);
    if (world == null) {
      world = e.getParent().map(parent -> parent.getStore(NS).get("world", World.class)).orElse(null);
    }
    if (world == null) throw new ParameterResolutionException("no Minternet world started for this test");
    return world;
  }
}
