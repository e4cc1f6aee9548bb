package io.jvde.sw.engine;

import io.jvde.testsupport.Requirements;
import io.jvde.vde.client.VdeClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** vde_switch's permission rules for the directory, ctl and data sockets (docs/protocol.md §2.1, §2.6). */
class SocketPermissionsTest {
    @TempDir
    Path tmp;

    private static int mode(final Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:mode") & 07777;
    }

    private static int gid(final Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:gid");
    }

    private int[] modes(final SwitchSettings.Builder b) throws Exception {
        final Path dir = tmp.resolve("sw" + System.nanoTime());
        try (VdeSwitch sw = VdeSwitch.start(b.directory(dir).build(), l -> { });
             VdeClient c = VdeClient.connect(dir, "perm")) {
            return new int[] {mode(dir), mode(dir.resolve("ctl")), mode(Path.of(c.switchDataPath()))};
        }
    }

    private SwitchSettings.Builder settings() {
        return SwitchSettings.builder(tmp.resolve("unused"));
    }

    @Test
    void shouldUseCtl0600AndSetgidDir02700ByDefault() throws Exception {
        final int[] m = modes(settings());
        assertEquals(02700, m[0], "directory");
        assertEquals(0600, m[1], "ctl");
    }

    @Test
    void shouldDeriveTheDirectoryModeFromModeAlone() throws Exception {
        final int[] m = modes(settings().ctlMode(0666));
        assertEquals(02777, m[0], "-m 0666 gives 02777");
        assertEquals(0666, m[1]);
        assertEquals(02770, modes(settings().ctlMode(0660))[0], "-m 0660 gives 02770");
    }

    @Test
    void shouldTakeCtlModeFromDirmodeAloneAsNixosDoes() throws Exception {
        final int[] m = modes(settings().dirMode(0700));
        assertEquals(0700, m[0], "--dirmode 0700 without setgid");
        assertEquals(0600, m[1], "ctl gets dirmode & 0666");
    }

    @Test
    void shouldApplyBothWhenBothAreGiven() throws Exception {
        final int[] m = modes(settings().ctlMode(0660).dirMode(0750));
        assertEquals(0750, m[0]);
        assertEquals(0660, m[1]);
    }

    @Test
    void shouldGiveADataSocketTheModeMaskedTo0700WhenRootKnowsTheClient() throws Exception {
        Requirements.requireRoot();
        assertEquals(0600, modes(settings().ctlMode(0666))[2], "root: chmod(mode & 0700), chown(client)");
    }

    @Test
    void shouldApplyTheGroupToDirectoryCtlAndDataSockets() throws Exception {
        Requirements.requireRoot();
        final Path dir = tmp.resolve("grp");
        try (VdeSwitch sw = VdeSwitch.start(settings().directory(dir).group("nogroup").build(), l -> { });
             VdeClient c = VdeClient.connect(dir, "perm")) {
            final int nogroup = 65534;
            assertEquals(nogroup, gid(dir));
            assertEquals(nogroup, gid(dir.resolve("ctl")));
            assertEquals(nogroup, gid(Path.of(c.switchDataPath())));
        }
    }

    @Test
    void shouldRefuseAnUnknownGroupAtStart() {
        final SwitchStartException e = org.junit.jupiter.api.Assertions.assertThrows(SwitchStartException.class,
            () -> VdeSwitch.start(settings().directory(tmp.resolve("g")).group("no-such-group-jvde").build(),
                l -> { }));
        assertEquals("No such group 'no-such-group-jvde'", e.getMessage());
    }
}
