package io.jvde.sw.engine;

import io.jvde.vde.client.VdeClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import static io.jvde.sw.engine.SwitchEngineTest.waitUntil;

/**
 * The in-process switch a transport test runs against: started before each test with the settings the subclass
 * gives ({@link #configure}), its log lines collected, the peers a test opens closed after it, then the switch.
 */
abstract class TransportFixture {
    @TempDir
    Path tmp;
    /** The switch directory (VDE clients attach here). */
    Path dir;
    VdeSwitch sw;
    final List<String> log = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> peers = new ArrayList<>();

    /** The transport under test on top of {@code b} (called with {@link #tmp} set). */
    abstract SwitchSettings.Builder configure(SwitchSettings.Builder b);

    @BeforeEach
    void startSwitch() throws Exception {
        dir = tmp.resolve("sw");
        sw = VdeSwitch.start(configure(SwitchSettings.builder(dir)).build(), log::add);
    }

    @AfterEach
    void stopSwitch() throws Exception {
        for (final AutoCloseable p : peers) {
            p.close();
        }
        if (sw != null) {
            sw.close();
        }
    }

    /** Restarts the switch with {@code settings} instead of {@link #configure}'s (a test's own variant). */
    void restart(final UnaryOperator<SwitchSettings.Builder> settings) throws Exception {
        sw.close();
        sw = VdeSwitch.start(settings.apply(SwitchSettings.builder(dir)).build(), log::add);
    }

    /** Closes {@code peer} after the test, before the switch. */
    <T extends AutoCloseable> T track(final T peer) {
        peers.add(peer);
        return peer;
    }

    VdeClient vdeClient(final String name) throws Exception {
        return track(VdeClient.connect(dir, name));
    }

    /** How many endpoints of {@code module} ("stream", "dgram") are attached. */
    int endpoints(final String module) {
        return sw.call(c -> (int) c.endpoints().stream().filter(e -> e.module().equals(module)).count());
    }

    /** Waits until {@code count} endpoints of {@code module} are attached (accepts run on the loop). */
    void awaitEndpoints(final String module, final int count) throws Exception {
        waitUntil(() -> endpoints(module) == count, 5000);
    }

    /** The port of the first endpoint whose description contains {@code part}. */
    int portOf(final String part) {
        return sw.call(c -> c.endpoints().stream().filter(e -> e.description().contains(part))
            .findFirst().orElseThrow().port());
    }
}
