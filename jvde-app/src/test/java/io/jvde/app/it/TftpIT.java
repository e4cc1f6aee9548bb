package io.jvde.app.it;

import io.jvde.testsupport.ManagedProcess;
import io.jvde.testsupport.Netns;
import io.jvde.testsupport.Requirements;
import io.jvde.testsupport.SwitchUnderTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jvde's read-only TFTP against real clients (issue 12): tftp-hpa's {@code tftp} (plain RFC 1350, 512-byte blocks)
 * and curl (tsize, a large blksize) fetch files byte-identical from a namespace that got its address from jvde;
 * {@code ../} and absolute paths, and a symlink out of the root, are refused with a TFTP error packet.
 */
@Tag("slow")
@Timeout(180)
class TftpIT {
    static final Duration FETCH = Duration.ofSeconds(60);
    static final String SERVER = "10.86.68.254";

    @TempDir
    Path tmp;
    @RegisterExtension
    final DhcpLab lab = new DhcpLab();
    SwitchUnderTest sw;
    Path root;
    byte[] big;

    @BeforeEach
    void files() throws Exception {
        root = Files.createDirectories(tmp.resolve("root"));
        big = new byte[3 * 1024 * 1024 + 777]; // several read-ahead chunks, not a multiple of any block size
        new Random(12).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        Files.writeString(root.resolve("hello.txt"), "hello from jvde\n");
        Files.createDirectories(root.resolve("sub"));
        Files.write(root.resolve("sub/exact.bin"), java.util.Arrays.copyOf(big, 512 * 8));
        Files.writeString(tmp.resolve("secret.txt"), "outside the root\n");
        Files.createSymbolicLink(root.resolve("escape.txt"), tmp.resolve("secret.txt"));
    }

    Netns client() {
        sw = lab.start("--dhcp-range", "10.86.68.10,10.86.68.20", "--tftp-root", root.toString());
        final Netns ns = lab.host("52:54:00:0f:00:01", null);
        lab.lease(ns, lab.udhcpc());
        return ns;
    }

    ManagedProcess.Result tftp(final Netns ns, final String command) {
        return ns.exec(FETCH, Requirements.requireCommand("tftp").toString(), "-m", "binary", SERVER, "-c",
            "get", command.split(" ")[0], command.split(" ")[1]);
    }

    ManagedProcess.Result curl(final Netns ns, final String... args) {
        final String[] cmd = new String[args.length + 4];
        cmd[0] = Requirements.requireCommand("curl").toString();
        cmd[1] = "-sS";
        cmd[2] = "--max-time";
        cmd[3] = "60";
        System.arraycopy(args, 0, cmd, 4, args.length);
        return ns.exec(FETCH, cmd);
    }

    @Test
    void tftpHpaAndCurlFetchFilesByteIdenticalWithDefaultAndLargeBlockSizes() throws Exception {
        final Netns ns = client();
        final Path a = tmp.resolve("a.bin");
        final ManagedProcess.Result r = tftp(ns, "big.bin " + a);
        assertTrue(r.ok(), r.output() + "\n" + sw.output());
        assertArrayEquals(big, Files.readAllBytes(a), "tftp-hpa, 512-byte blocks");
        final Path e = tmp.resolve("e.bin");
        assertTrue(tftp(ns, "sub/exact.bin " + e).ok(), "a size that is a multiple of 512 ends with an empty block");
        assertArrayEquals(Files.readAllBytes(root.resolve("sub/exact.bin")), Files.readAllBytes(e));

        final Path b = tmp.resolve("b.bin");
        final ManagedProcess.Result c = curl(ns, "--tftp-blksize", "1468", "-o", b.toString(),
            "tftp://" + SERVER + "/big.bin");
        assertTrue(c.ok(), c.output() + "\n" + sw.output());
        assertArrayEquals(big, Files.readAllBytes(b), "curl, blksize 1468 and tsize");
        final Path h = tmp.resolve("h.txt");
        assertTrue(curl(ns, "-o", h.toString(), "tftp://" + SERVER + "/hello.txt").ok());
        assertArrayEquals(Files.readAllBytes(root.resolve("hello.txt")), Files.readAllBytes(h));
        final String print = String.join("\n", lab.console("tftp/print"));
        assertTrue(print.contains("completed 4"), print);
    }

    @Test
    void pathsOutsideTheRootAreRefusedWithAnErrorPacket() {
        final Netns ns = client();
        final ManagedProcess.Result dots = tftp(ns, "../secret.txt " + tmp.resolve("x1"));
        assertTrue(dots.output().contains("Error code 2"), "../: " + dots.output());
        final ManagedProcess.Result absolute = tftp(ns, tmp.resolve("secret.txt") + " " + tmp.resolve("x2"));
        assertTrue(absolute.output().contains("Error code 2"), "absolute: " + absolute.output());
        final ManagedProcess.Result link = tftp(ns, "escape.txt " + tmp.resolve("x3"));
        assertTrue(link.output().contains("Error code 2"), "symlink out of the root: " + link.output());
        final ManagedProcess.Result missing = tftp(ns, "nothing.bin " + tmp.resolve("x4"));
        assertTrue(missing.output().contains("Error code 1"), "not found: " + missing.output());
        final ManagedProcess.Result curlDots = curl(ns, "--path-as-is", "-o", tmp.resolve("x5").toString(),
            "tftp://" + SERVER + "/../secret.txt");
        assertEquals(69, curlDots.exitCode(), "curl's CURLE_TFTP_PERM: the server sent ERROR 2: "
            + curlDots.output());
        for (int i = 1; i <= 5; i++) {
            final Path x = tmp.resolve("x" + i);
            assertFalse(Files.exists(x) && readOrEmpty(x).contains("outside"), x + " holds the secret");
        }
    }

    static String readOrEmpty(final Path p) {
        try {
            return Files.readString(p);
        } catch (final Exception e) {
            return "";
        }
    }
}
