package io.jvde.testsupport;


import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test that needs real peers (root, namespaces, Debian packages, the QEMU guest) or runs long: tagged {@code slow},
 * so {@code -Djvde.excludedGroups=slow} leaves it out. Its requirements skip it (fail under CI) through
 * {@link Requirements}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@SlowTest
public @interface SlowTest {
}
