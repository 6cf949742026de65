package org.minternet.world;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts a Minternet world for a JUnit 5 test class, on free ports, in a temporary data directory;
 * a {@link World} parameter of a test method or constructor receives it:
 *
 * <pre>{@code
 * @MinternetWorld
 * class MyTest {
 *   @Test void uppercase(World world) {
 *     Endpoint e = world.require("gaia.cs.umass.edu", "tcp-upper");
 *   }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(WorldExtension.class)
public @interface MinternetWorld {
  /** A world file on the class path (resource name); empty for the default world. */
  String resource() default "";
}
