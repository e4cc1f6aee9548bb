package io.jvde.tftp;

import io.netty.buffer.ByteBuf;

/** How the TFTP server sends: a payload written at {@link #begin()} of {@link #buffer()}, from a local port. */
public interface TftpOut {
    ByteBuf buffer();

    int begin();

    void send(TftpPeer to, int localPort, int length);
}
