package io.jvde.testsupport;

import io.jvde.sw.engine.SwitchLog;
import io.jvde.sw.engine.SwitchSettings;
import io.jvde.sw.engine.SwitchStartException;
import io.jvde.sw.engine.VdeSwitch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The switching engine as a bare process for tests that need a separate switch PID before (or without) the CLI:
 * {@code EngineMain -s DIR [-n N] [--max-ports N] [-x] [-t TAP]... [-m MODE] [--dirmode MODE]}. Logs to stderr,
 * stops on stdin EOF or SIGTERM; no console.
 */
public final class EngineMain {
    private EngineMain() {
    }

    public static void main(final String[] args) throws InterruptedException {
        Path dir = null;
        final SwitchSettings.Builder b = SwitchSettings.builder(Path.of("/tmp/vde.ctl"));
        final List<String> taps = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            final String a = args[i];
            switch (a) {
                case "-s": case "--sock": dir = Path.of(args[++i]); break;
                case "-n": case "--numports": b.numPorts(Integer.parseInt(args[++i])); break;
                case "--max-ports": b.maxPorts(Integer.parseInt(args[++i])); break;
                case "-x": case "--hub": b.hub(true); break;
                case "-t": case "--tap": taps.add(args[++i]); break;
                case "-m": case "--mode": b.ctlMode(Integer.parseInt(args[++i], 8)); break;
                case "--dirmode": b.dirMode(Integer.parseInt(args[++i], 8)); break;
                default:
                    System.err.println("EngineMain: unknown option " + a);
                    System.exit(1);
            }
        }
        if (dir != null) {
            b.directory(dir);
        }
        b.taps(taps);
        final VdeSwitch sw;
        try {
            sw = VdeSwitch.start(b.build(), SwitchLog.stderr("jvde"));
        } catch (SwitchStartException | IllegalArgumentException e) {
            System.err.println("jvde: " + e.getMessage());
            System.exit(255);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(sw::close, "jvde-shutdown"));
        final Thread stdin = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // No console: input is ignored until EOF.
                }
            } catch (java.io.IOException e) {
                // Treated as EOF.
            }
            System.err.println("jvde: EOF on stdin, cleaning up and exiting");
            System.exit(0);
        }, "jvde-stdin");
        stdin.setDaemon(true);
        stdin.start();
        sw.awaitTermination();
    }
}
