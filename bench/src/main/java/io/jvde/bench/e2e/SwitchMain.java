package io.jvde.bench.e2e;

import io.jvde.sw.engine.SwitchSettings;
import io.jvde.sw.engine.VdeSwitch;

import java.nio.file.Path;

/**
 * A jvde switch alone in its own JVM, for the end-to-end runs until {@code bin/jvde} is available: the generator
 * must not share a JVM (heap, JIT threads, safepoints) with the switch it measures.
 *
 * <pre>java [JVM flags] -cp benchmarks.jar io.jvde.bench.e2e.SwitchMain DIR [-n PORTS] [--stream PATH] [--exit-on-eof]
 *     [--vxlan LOCAL --vxlan-peer ADDR [--vxlan-mtu N]]</pre>
 *
 * Stops on SIGTERM or SIGINT (removing its sockets), or, with {@code --exit-on-eof}, when standard input closes:
 * a clean {@code System.exit}, which a {@code -XX:ArchiveClassesAtExit} training run needs.
 */
public final class SwitchMain {
    private SwitchMain() {
    }

    public static void main(final String[] args) throws Exception {
        String dir = null;
        int ports = SwitchSettings.DEFAULT_NUM_PORTS;
        boolean exitOnEof = false;
        final java.util.List<io.jvde.sw.engine.StreamAddress> streams = new java.util.ArrayList<>();
        String vxlanLocal = null;
        String vxlanPeer = null;
        int vxlanMtu = io.jvde.sw.vxlan.VxlanSettings.DEFAULT_INNER_MTU;
        int vxlanSockbuf = io.jvde.sw.vxlan.VxlanSettings.DEFAULT_SOCKET_BUFFER;
        boolean vxlanOffload = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-n":
                    ports = Integer.parseInt(args[++i]);
                    break;
                case "--stream":
                    streams.add(io.jvde.sw.engine.StreamAddress.parse(args[++i]));
                    break;
                case "--vxlan":
                    vxlanLocal = args[++i];
                    break;
                case "--vxlan-mtu":
                    vxlanMtu = Integer.parseInt(args[++i]);
                    break;
                case "--vxlan-peer":
                    vxlanPeer = args[++i];
                    break;
                case "--vxlan-offload":
                    vxlanOffload = !"off".equals(args[++i]);
                    break;
                case "--vxlan-sockbuf":
                    vxlanSockbuf = Integer.parseInt(args[++i]);
                    break;
                case "--exit-on-eof":
                    exitOnEof = true;
                    break;
                default:
                    if (args[i].startsWith("-") || dir != null) {
                        throw new IllegalArgumentException("argument: " + args[i]
                            + " (expected: DIR [-n PORTS] [--stream PATH] [--exit-on-eof])");
                    }
                    dir = args[i];
            }
        }
        if (dir == null) {
            throw new IllegalArgumentException("missing switch directory (expected: DIR [-n PORTS] [--exit-on-eof])");
        }
        final SwitchSettings.Builder settings = SwitchSettings.builder(Path.of(dir)).numPorts(ports).streams(streams);
        if (vxlanLocal != null) {
            settings.vxlan(io.jvde.sw.vxlan.VxlanSettings.builder().local(vxlanLocal).peer(vxlanPeer)
                .innerMtu(vxlanMtu).socketBuffer(vxlanSockbuf)
                .offload(vxlanOffload).build());
        }
        final VdeSwitch sw = VdeSwitch.start(settings.build(),
            line -> System.err.println("jvde: " + line));
        Runtime.getRuntime().addShutdownHook(new Thread(sw::close, "jvde-shutdown"));
        if (exitOnEof) {
            final Thread stdin = new Thread(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // nothing: wait for end of input
                    }
                } catch (java.io.IOException e) {
                    // treat as end of input
                }
                System.exit(0);
            }, "jvde-stdin");
            stdin.setDaemon(true);
            stdin.start();
        }
        sw.awaitTermination();
    }
}
