package io.jvde.app;

import io.jvde.vde.client.VdeClient;
import io.jvde.vde.client.VdeHandshakeException;

import java.nio.file.Path;

/**
 * The class-data archive's training run ({@code bin/jvde --build-cds}) starts the switch with
 * {@code -Djvde.cds.training=true}: once it is ready, one client attaches and leaves again, so the classes of the
 * first handshake (the control socket's request, the data socket, the port's attach and detach) are in the archive
 * and a real start does not load and verify them from the jar while its first client waits (BENCHMARKS.md,
 * start-up).
 */
final class CdsTraining {
    static final String PROPERTY = "jvde.cds.training";

    private CdsTraining() {
    }

    /** Attaches and detaches one client on a thread of its own, when the training property is set. */
    static void attachOnceIfTraining(final Path switchDir) {
        if (!Boolean.getBoolean(PROPERTY)) {
            return;
        }
        final Thread client = new Thread(() -> {
            try (VdeClient c = VdeClient.connect(switchDir, "jvde class-data training")) {
                c.port(); // attached; closing detaches
            } catch (final VdeHandshakeException e) {
                // the archive is still made, only without the handshake's classes
            }
        }, "jvde-cds-training");
        client.setDaemon(true);
        client.start();
    }
}
