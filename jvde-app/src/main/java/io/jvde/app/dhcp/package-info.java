/** The glue between the switch engine and the DHCP responder: an in-process port, its options, YAML and console. */
package io.jvde.app.dhcp;
