/** DHCPv4 server and RFC 3046 relay agent; knows frames only as buffers and primitives, never the switch. */
package io.jvde.dhcp;
