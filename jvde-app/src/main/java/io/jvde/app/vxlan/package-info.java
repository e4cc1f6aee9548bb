/** Configuration of the VXLAN uplink: its YAML file. */
package io.jvde.app.vxlan;
