/** Command line: picocli commands for {@code jvde} and the {@code vde_switch} compatibility entry point. */
package io.jvde.app.cli;
