package io.jvde.examples;

import io.jvde.testsupport.ManagedProcess;
import io.jvde.testsupport.RepoRoot;
import io.jvde.testsupport.Requirements;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the scripts of examples/scripts against this checkout's bin/jvde and checks what they print. */
@Tag("slow")
class ExampleScriptsTest {
    private Path repo;

    @BeforeEach
    void checkout() {
        repo = RepoRoot.find();
        assertTrue(Files.isRegularFile(repo.resolve("jvde-app/target/jvde.jar")),
            "bin/jvde runs jvde-app's packaged jar (the reactor builds it before this module)");
    }

    /** Three TCG guests get the k3s reservations from the switch alone. */
    @Test
    @Timeout(300)
    void k3sTopologyGivesEachVmItsReservedAddress() {
        Requirements.requireGuestImage();
        final ManagedProcess.Result r = script("k3s-topology.sh", Duration.ofSeconds(280),
            "K3S_TIMEOUT", "240", "JVDE_GUEST_DIR", Requirements.guestDir().toString());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("server-1 52:54:00:01:01:01 192.168.1.1"), r.output());
        assertTrue(r.output().contains("server-2 52:54:00:01:01:02 192.168.1.2"), r.output());
        assertTrue(r.output().contains("agent-1 52:54:00:01:01:03 192.168.1.3"), r.output());
    }

    /** dnsmasq on VLAN 99 serves VLANs 10 and 20 through jvde's relay. */
    @Test
    @Timeout(180)
    void vlanRelayLabLeasesFromEachVlansRange() {
        Requirements.requireNetns();
        Requirements.requireTun();
        for (final String c : List.of("vde_plug2tap", "dnsmasq", "udhcpc")) {
            Requirements.requireCommand(c);
        }
        final ManagedProcess.Result r = script("vlan-relay-lab.sh", Duration.ofSeconds(150));
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().matches("(?s).*\\b10 10\\.10\\.0\\.1[0-5][0-9]\\b.*"), r.output());
        assertTrue(r.output().matches("(?s).*\\b20 10\\.20\\.0\\.1[0-5][0-9]\\b.*"), r.output());
        assertFalse(r.timedOut());
    }

    private ManagedProcess.Result script(final String name, final Duration timeout, final String... env) {
        final ManagedProcess.Builder b = ManagedProcess.builder("sh", repo.resolve("examples/scripts/" + name)
            .toString()).stdinFromNull().env("JVDE", repo.resolve("bin/jvde").toString());
        for (int i = 0; i + 1 < env.length; i += 2) {
            b.env(env[i], env[i + 1]);
        }
        try (ManagedProcess p = b.start()) {
            final boolean exited = p.awaitExit(timeout);
            return new ManagedProcess.Result(exited ? p.exitCode(Duration.ofSeconds(5)) : -1, p.text(), !exited);
        }
    }
}
