package io.jvde.app;

import java.nio.file.Files;
import java.nio.file.Path;

/** A stand-in daemon child for {@link DaemonTest}: {@code ready PIDFILE}, {@code fail}, or {@code silent}. */
final class DaemonChildMain {
    private DaemonChildMain() {
    }

    public static void main(final String[] args) throws Exception {
        final Daemon.Child child = Daemon.child(System.getenv());
        switch (args[0]) {
            case "ready":
                Files.writeString(Path.of(args[1]), Long.toString(ProcessHandle.current().pid()));
                child.tee(line -> { }, "vde_switch").log("starting");
                child.ready();
                Thread.sleep(60_000);
                break;
            case "fail":
                child.tee(line -> { }, "vde_switch").log("Cannot create ctl directory '/proc/x': No such file");
                System.exit(255);
                break;
            default:
                Thread.sleep(60_000);
        }
    }
}
