/**
 * A whole jvde switch inside a JVM ({@link io.jvde.junit.Jvde}: DHCP server, relay, guard, console) and the JUnit 5
 * extension that gives one to a test class or to a whole run ({@link io.jvde.junit.JvdeExtension}).
 */
package io.jvde.junit;
