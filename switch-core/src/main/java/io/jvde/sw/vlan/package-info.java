/** The IEEE 802.1Q VLAN model of the switch: defined VLANs, port memberships and the bitsets forwarding reads. */
package io.jvde.sw.vlan;
