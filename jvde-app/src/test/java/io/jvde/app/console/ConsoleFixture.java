package io.jvde.app.console;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A console over fixed switch facts (those of a measured vde_switch session), recording log lines and shutdowns. */
final class ConsoleFixture {
    static final long PID = 4989;
    static final long MAC = 0x00ff464a2c4eL;
    static final Path DIR = Path.of("/tmp/cap/sw");
    static final Path MGMT = Path.of("/tmp/cap/sw.mgmt");

    final List<String> log = new ArrayList<>();
    final AtomicInteger shutdowns = new AtomicInteger();
    final CommandRegistry registry;
    final Console console;

    ConsoleFixture(final Path mgmt) {
        registry = BuiltinCommands.register(new CommandRegistry(),
                new SwitchFacts(PID, MAC, 32768, DIR, 0600, mgmt, 0600, () -> 0));
        console = new Console(registry, line -> {
            synchronized (log) {
                log.add(line);
            }
        }, shutdowns::incrementAndGet);
    }

    ConsoleFixture() {
        this(MGMT);
    }

    String run(final String line) {
        return console.execute(line, new ConsoleSession(ConsoleSession.Kind.MGMT));
    }
}
