/**
 * Configuration files: YAML bound by Jackson to typed records ({@link io.jvde.app.config.ConfigFile}), with the
 * deserializers for addresses, subnets, MACs, durations and DHCP option values ({@link io.jvde.app.config.ConfigValues}),
 * and every refusal worded {@code FILE:LINE: path: value (expected: ...)}.
 */
package io.jvde.app.config;
