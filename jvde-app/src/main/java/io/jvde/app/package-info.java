/** The jvde application: command line, console, configuration binding and the DHCP glue port. */
package io.jvde.app;
