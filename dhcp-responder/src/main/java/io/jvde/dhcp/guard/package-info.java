/**
 * DHCP snooping for the switch's ingress path: drops server messages and spoofed relay fields from untrusted ports,
 * rate-limits client messages per port and per MAC with integer token buckets, and keeps a bounded MAC-IP-VLAN-port
 * binding table, all without allocating per frame.
 */
package io.jvde.dhcp.guard;
