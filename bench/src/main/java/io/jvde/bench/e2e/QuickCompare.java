package io.jvde.bench.e2e;

import io.jvde.sw.engine.SwitchSettings;
import io.jvde.sw.engine.VdeSwitch;

import java.nio.file.Files;
import java.nio.file.Path;

/** Sanity check while developing: jvde in-process vs vde_switch as a process, one blast each. */
public final class QuickCompare {
    private QuickCompare() {
    }

    public static void main(final String[] args) throws Exception {
        final int frames = Integer.parseInt(args[0]);
        final int size = Integer.parseInt(args[1]);
        final Path tmp = Files.createTempDirectory("jvde-qc");
        for (int round = 0; round < 3; round++) {
            final Path jdir = tmp.resolve("j" + round);
            try (VdeSwitch sw = VdeSwitch.start(SwitchSettings.builder(jdir).build(), l -> { })) {
                System.out.println("jvde       " + Blast.run(jdir, frames, size));
            }
            final Path vdir = tmp.resolve("v" + round);
            final Process p = new ProcessBuilder("vde_switch", "-s", vdir.toString(), "--nostdin")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                for (int i = 0; i < 100 && !Files.exists(vdir.resolve("ctl")); i++) {
                    Thread.sleep(20);
                }
                System.out.println("vde_switch " + Blast.run(vdir, frames, size));
            } finally {
                p.destroy();
                p.waitFor();
            }
        }
    }
}
