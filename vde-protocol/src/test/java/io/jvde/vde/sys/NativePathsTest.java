package io.jvde.vde.sys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The path and name calls reach libc with the text as given (UTF-8 included) and leave libc's errno readable. */
@Timeout(10)
class NativePathsTest {
    @TempDir
    Path tmp;

    @Test
    void shouldCreateChangeAndRemoveADirectoryWithANonAsciiName() {
        final Path dir = tmp.resolve("sw-\u00e9\u00df-\u4e2d");
        assertEquals(0, NativePaths.mkdir(dir.toString(), 0700));
        assertTrue(Files.isDirectory(dir));
        assertEquals(0, NativePaths.access(dir.toString(), Native.R_OK | Native.W_OK));
        assertEquals(0, NativePaths.chmod(dir.toString(), 0750));
        assertEquals(0, NativePaths.chown(dir.toString(), -1, -1));
        assertEquals(0, NativePaths.rmdir(dir.toString()));
        assertFalse(Files.exists(dir));
    }

    @Test
    void shouldUnlinkAFileAndReportEnoentForAMissingOne() throws Exception {
        final Path file = Files.createFile(tmp.resolve("f"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        assertEquals(0, NativePaths.unlink(file.toString()));
        assertFalse(Files.exists(file));
        assertEquals(-1, NativePaths.unlink(file.toString()));
        assertEquals(Native.ENOENT, Native.errno(), "errno survives freeing the encoded path");
    }

    @Test
    void shouldOpenAFileAndFindLoopbackByName() throws Exception {
        final Path file = Files.writeString(tmp.resolve("r"), "x");
        final int fd = NativePaths.open(file.toString(), Native.O_RDWR | Native.O_CLOEXEC, 0);
        assertTrue(fd >= 0, "fd " + fd);
        assertEquals(0, Native.libc().close(fd));
        assertTrue(NativePaths.ifNameToIndex("lo") > 0);
        assertEquals(0, NativePaths.ifNameToIndex("no-such-if0"));
    }
}
