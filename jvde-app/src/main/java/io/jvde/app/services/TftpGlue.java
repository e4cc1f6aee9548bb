package io.jvde.app.services;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.server.DhcpResponder;
import io.jvde.dhcp.service.Datagram;
import io.jvde.dhcp.service.UdpReplies;
import io.jvde.tftp.TftpOut;
import io.jvde.tftp.TftpPeer;
import io.jvde.tftp.TftpServer;
import io.jvde.tftp.TftpSettings;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * TFTP on the served VLANs' server addresses: the responder's receive path hands it port 69 and the transfer ports
 * ({@link #BASE_PORT} upward, one per transfer); it answers through the same reply path, to the client's switch port.
 * Files are opened and read on {@link #IO_THREADS} daemon threads, never on the event loop.
 */
public final class TftpGlue implements AutoCloseable {
    /** The transfers' local ports (their TIDs) start here: above the usual ephemeral ranges' start. */
    public static final int BASE_PORT = 61_000;
    static final int IO_THREADS = 2;

    private final TftpServer server;
    private final ExecutorService io;
    private final ServicesConfig config;
    private final TftpPeer peer = new TftpPeer();
    private long now;

    private TftpGlue(final TftpServer server, final ExecutorService io, final ServicesConfig config) {
        this.server = server;
        this.io = io;
        this.config = config;
    }

    static TftpGlue start(final ServicesConfig config, final DhcpResponder responder, final Consumer<Runnable> loop) {
        final ExecutorService io = Executors.newFixedThreadPool(IO_THREADS, r -> {
            final Thread t = new Thread(r, "jvde-tftp-io");
            t.setDaemon(true);
            return t;
        });
        final UdpReplies replies = responder.replies();
        final TftpOut out = new TftpOut() {
            @Override
            public ByteBuf buffer() {
                return replies.buffer();
            }

            @Override
            public int begin() {
                return replies.begin();
            }

            @Override
            public void send(final TftpPeer to, final int localPort, final int length) {
                replies.send(to.switchPort, to.vid, to.mac, to.ip, to.port, to.localIp, localPort, length);
            }
        };
        final TftpSettings settings = TftpSettings.of(config::tftpRoot, UdpReplies.MAX_PAYLOAD - 4);
        final TftpGlue glue = new TftpGlue(new TftpServer(settings, out, io, loop, BASE_PORT), io, config);
        responder.registerService(TftpServer.PORT, TftpServer.PORT, glue::onDatagram);
        responder.registerService(BASE_PORT, BASE_PORT + settings.maxTransfers() - 1, glue::onDatagram);
        return glue;
    }

    private int onDatagram(final Datagram from, final ByteBuf buf, final int offset, final int length,
                           final long nowMillis) {
        now = nowMillis;
        peer.set(from.ingressPort(), from.vid(), from.srcMac(), from.srcIp(), from.srcPort(), from.dstIp());
        server.onPacket(peer, from.dstPort(), buf, offset, length, nowMillis);
        return DhcpDropReason.OK;
    }

    void onTick(final long nowMillis) {
        now = nowMillis;
        server.onTick(nowMillis);
    }

    public TftpServer server() {
        return server;
    }

    List<String> describe() {
        final List<String> lines = new ArrayList<>();
        final TftpSettings s = server.settings();
        lines.add("tftp: root " + (config.tftpRoot() == null ? "(per VLAN)" : config.tftpRoot())
            + (config.tftpRoots().isEmpty() ? "" : ", per VLAN " + config.tftpRoots()) + ", read-only, port 69,"
            + " transfers on " + BASE_PORT + ".." + (BASE_PORT + s.maxTransfers() - 1) + ", at most "
            + s.maxTransfers() + " at once (" + s.maxPerClient() + " per client), blksize up to " + s.maxBlksize()
            + ", windowsize up to " + s.maxWindow());
        lines.add("tftp: " + server.counters().describe());
        lines.addAll(server.describeTransfers(now));
        return lines;
    }

    @Override
    public void close() {
        io.shutdown();
        try {
            io.awaitTermination(2, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
