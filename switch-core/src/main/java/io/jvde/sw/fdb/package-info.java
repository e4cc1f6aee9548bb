/** The MAC learning table (filtering database): (VLAN, MAC) to port with aging and move hysteresis. */
package io.jvde.sw.fdb;
