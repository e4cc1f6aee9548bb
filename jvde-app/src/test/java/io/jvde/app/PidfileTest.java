package io.jvde.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PidfileTest {
    @TempDir
    Path tmp;

    @Test
    void shouldWriteThePidAndANewline() throws IOException {
        try (Pidfile p = Pidfile.create(tmp.resolve("pid"), 4242)) {
            assertEquals("4242\n", Files.readString(p.path()));
        }
    }

    @Test
    void shouldFailWhenTheFileExistsAndLeaveItUntouched() throws IOException {
        final Path path = tmp.resolve("pid");
        Files.writeString(path, "1\n");
        assertThrows(FileAlreadyExistsException.class, () -> Pidfile.create(path, 2));
        assertEquals("1\n", Files.readString(path));
    }

    @Test
    void shouldNotFollowADanglingSymlink() throws IOException {
        final Path link = tmp.resolve("pid");
        Files.createSymbolicLink(link, tmp.resolve("elsewhere"));
        assertThrows(FileAlreadyExistsException.class, () -> Pidfile.create(link, 2));
        assertFalse(Files.exists(tmp.resolve("elsewhere")));
    }

    @Test
    void shouldRemoveTheFileOnClose() throws IOException {
        final Pidfile p = Pidfile.create(tmp.resolve("pid"), 1);
        p.close();
        assertFalse(Files.exists(p.path()));
    }
}
