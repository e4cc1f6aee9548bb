/** Ethernet and 802.1Q frames as flyweights and static accessors over big-endian {@link java.nio.ByteBuffer}s. */
package io.jvde.sw.frame;
