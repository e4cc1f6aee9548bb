/** VXLAN (RFC 7348): the header, the uplink's settings and its drop reasons; the transport lives in the engine. */
package io.jvde.sw.vxlan;
