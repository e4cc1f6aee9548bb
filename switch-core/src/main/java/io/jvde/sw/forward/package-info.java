/** The per-frame forwarding decision: VLAN classification, learning, flooding and egress tagging, without I/O. */
package io.jvde.sw.forward;
