package io.jvde.app.cli;

import io.jvde.vde.sys.Native;

/**
 * Binds the native functions on a second thread while the main thread parses the command line: loading jffi's JNI
 * stub and its set-up (which includes {@code java.util.logging}) take ~40-60 ms of CPU at start-up, so on two cores
 * they overlap with the command line and {@code ctl} is ready that much sooner (BENCHMARKS.md, start-up). The main
 * thread waits for the binding through the JVM's class-initialisation lock if it gets there first; a failure is
 * left for the main thread to meet and report.
 */
final class NativePreload {
    private NativePreload() {
    }

    static void start() {
        final Thread t = new Thread(NativePreload::bind, "jvde-native-preload");
        t.setDaemon(true);
        t.start();
    }

    private static void bind() {
        try {
            Native.libc();
        } catch (final Throwable e) {
            // reported by the main thread when it binds (same class initialiser, same error)
        }
    }
}
