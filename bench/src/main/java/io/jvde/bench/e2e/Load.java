package io.jvde.bench.e2e;

import java.nio.file.Path;

/**
 * Runs the generator once against a switch that is already running (for profiling it, or a quick check by hand).
 *
 * <pre>java -cp benchmarks.jar io.jvde.bench.e2e.Load DIR [SIZE [PORTS [unicast|broadcast [FRAMES [SECONDS [RATE
 * [PID]]]]]]]</pre>
 *
 * Defaults: 64-byte unicast between 2 ports, 1,000,000 frames or 5 s, unpaced. With the switch's PID the result
 * includes its CPU time per frame.
 */
public final class Load {
    private Load() {
    }

    public static void main(final String[] args) throws Exception {
        final Path dir = Path.of(args[0]);
        final int size = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        final int ports = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        final boolean broadcast = args.length > 3 && args[3].equals("broadcast");
        final long frames = args.length > 4 ? Long.parseLong(args[4]) : 1_000_000;
        final double seconds = args.length > 5 ? Double.parseDouble(args[5]) : 5;
        final double rate = args.length > 6 ? Double.parseDouble(args[6]) : 0;
        final long pid = args.length > 7 ? Long.parseLong(args[7]) : -1;
        try (Ports p = Ports.attach(dir, ports)) {
            System.out.println(new Generator().run(p,
                new Generator.Spec(size, broadcast, frames, (long) (seconds * 1e9), rate), pid));
        }
    }
}
