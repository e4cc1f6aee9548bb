package io.jvde.app.console;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MgmtServerTest {
    private static final String BANNER = "VDE switch V.2.3.3\n"
            + "(C) Virtual Square Team (coord. R. Davoli) 2005,2006,2007 - GPLv2\n\nvde$ ";

    @TempDir
    Path tmp;

    private MgmtServer server;
    private ConsoleFixture fx;

    private MgmtServer open(final int mode) throws IOException {
        final Path path = tmp.resolve("sw.mgmt");
        fx = new ConsoleFixture(path);
        server = MgmtServer.open(path, mode, null, fx.console, fx.log::add);
        return server;
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldGreetWithBannerAndPromptThenAnswerWithPrompt() throws IOException {
        open(0600);
        try (SocketClient c = new SocketClient(server.path())) {
            assertEquals(BANNER, c.readUntil("vde$ "));
            c.send("ds/showinfo\n");
            assertEquals(fx.run("ds/showinfo") + "\nvde$ ", c.readUntil("vde$ "));
            c.send("\n");
            assertEquals("\nvde$ ", c.readUntil("vde$ "));
            c.send("bogus\n");
            assertEquals("1038 Function not implemented\n\nvde$ ", c.readUntil("vde$ "));
        }
    }

    @Test
    void shouldAnswerEveryLineOfAMultiLineWriteInOrder() throws IOException {
        open(0600);
        try (SocketClient c = new SocketClient(server.path())) {
            c.readUntil("vde$ ");
            c.send("ds/showinfo\nbogus\n");
            final String expected = fx.run("ds/showinfo") + "\nvde$ 1038 Function not implemented\n\nvde$ ";
            assertEquals(expected, c.readUntil("Function not implemented\n\nvde$ "));
        }
    }

    @Test
    void shouldEndTheSessionOnLogoutWithoutNewline() throws IOException {
        open(0600);
        try (SocketClient c = new SocketClient(server.path())) {
            c.readUntil("vde$ ");
            c.send("logout\n");
            assertEquals("9999 END OF SESSION", c.readUntil("SESSION"));
            assertTrue(c.awaitEof());
        }
        assertEquals(0, fx.shutdowns.get());
    }

    @Test
    void shouldEndTheSessionAndRequestShutdownOnShutdown() throws IOException {
        open(0600);
        try (SocketClient c = new SocketClient(server.path())) {
            c.readUntil("vde$ ");
            c.send("shutdown\n");
            assertEquals("9999 END OF SESSION", c.readUntil("SESSION"));
            assertTrue(c.awaitEof());
        }
        assertEquals(1, fx.shutdowns.get());
    }

    @Test
    void shouldRunTheLastLineWhenTheClientHalfCloses() throws IOException {
        open(0600);
        try (SocketClient c = new SocketClient(server.path())) {
            c.readUntil("vde$ ");
            c.send("ds/showinfo");
            c.shutdownOutput();
            assertEquals(fx.run("ds/showinfo") + "\nvde$ ", c.readUntil("vde$ "));
        }
    }

    @Test
    void shouldServeSeveralSessionsAtOnce() throws IOException {
        open(0600);
        try (SocketClient a = new SocketClient(server.path()); SocketClient b = new SocketClient(server.path())) {
            assertEquals(BANNER, a.readUntil("vde$ "));
            assertEquals(BANNER, b.readUntil("vde$ "));
            b.send("logout\n");
            assertEquals("9999 END OF SESSION", b.readUntil("SESSION"));
            a.send("ds/showinfo\n");
            assertEquals(fx.run("ds/showinfo") + "\nvde$ ", a.readUntil("vde$ "));
        }
    }

    @Test
    void shouldApplyTheMgmtMode() throws IOException {
        open(0660);
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(server.path())));
    }

    @Test
    void shouldRemoveTheSocketFileOnClose() throws IOException {
        open(0600);
        final Path path = server.path();
        server.close();
        assertFalse(Files.exists(path));
    }

    @Test
    void shouldTakeOverAStaleSocketFile() throws IOException {
        open(0600);
        final Path path = server.path();
        // A dead switch leaves its socket file behind: bind one and close it without unlinking.
        try (var stale = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.close();
            stale.bind(java.net.UnixDomainSocketAddress.of(path));
        }
        assertTrue(Files.exists(path));
        server = MgmtServer.open(path, 0600, null, fx.console, fx.log::add);
        try (SocketClient c = new SocketClient(path)) {
            assertEquals(BANNER, c.readUntil("vde$ "));
        }
    }

    @Test
    void shouldRefuseAPathWhereAnotherSwitchAnswers() throws IOException {
        open(0600);
        final IOException e = assertThrows(IOException.class,
            () -> MgmtServer.open(server.path(), 0600, null, fx.console, fx.log::add));
        assertTrue(e.getMessage().contains("Address already in use"), e.getMessage());
        try (SocketClient c = new SocketClient(server.path())) {
            assertEquals(BANNER, c.readUntil("vde$ "));
        }
    }

    @Test
    void shouldRefuseToReplaceARegularFile() throws IOException {
        final Path file = tmp.resolve("precious");
        Files.writeString(file, "data");
        final ConsoleFixture f = new ConsoleFixture(file);
        final IOException e = assertThrows(IOException.class,
            () -> MgmtServer.open(file, 0600, null, f.console, f.log::add));
        assertTrue(e.getMessage().contains("not a socket"), e.getMessage());
        assertEquals("data", Files.readString(file));
    }
}
