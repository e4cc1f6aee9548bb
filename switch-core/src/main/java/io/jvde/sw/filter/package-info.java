/** Hooks that let code outside the engine refuse received frames (DHCP snooping, for one), without I/O. */
package io.jvde.sw.filter;
