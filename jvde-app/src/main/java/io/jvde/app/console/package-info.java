/** The vde_switch management console: command registry, byte-exact framing, stdin and unix-socket transports. */
package io.jvde.app.console;
