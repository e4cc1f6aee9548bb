package io.jvde.app;

import io.jvde.app.console.MgmtClient;
import io.jvde.sw.engine.SwitchSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SwitchProcessTest {
    private static final long WAIT_SECONDS = 10;

    @TempDir
    Path tmp;

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final AtomicReference<FakeSwitch> sw = new AtomicReference<>();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private ProcessSettings.Builder settings() {
        return ProcessSettings.builder("vde_switch", SwitchSettings.builder(tmp.resolve("sw")));
    }

    private SwitchProcess process(final ProcessSettings settings, final InputStream stdin) {
        return process(settings, stdin, FakeSwitch.starter(events, sw));
    }

    private SwitchProcess process(final ProcessSettings settings, final InputStream stdin,
                                  final SwitchStarter starter) {
        final ProcessIo io = new ProcessIo(stdin, stdout, null, () -> {
            events.add("ready");
            ready.countDown();
        }, false);
        return new SwitchProcess(settings, starter, log::add, io);
    }

    /** Runs the process on another thread and waits until it is ready. */
    private Future<Integer> start(final SwitchProcess p) throws InterruptedException {
        final Future<Integer> exit = executor.submit(p::run);
        assertTrue(ready.await(WAIT_SECONDS, TimeUnit.SECONDS), "process did not get ready");
        return exit;
    }

    private static InputStream blockingStdin() throws IOException {
        return new PipedInputStream(new PipedOutputStream());
    }

    @Test
    void shouldAnswerOnStdoutThenExitZeroAndCleanUpOnStdinEof() throws IOException {
        final Path pid = tmp.resolve("sw.pid");
        final int status = process(settings().pidFile(pid).build(),
                new ByteArrayInputStream("showinfo\n".getBytes(StandardCharsets.US_ASCII))).run();
        assertEquals(ExitCodes.OK, status);
        final String out = stdout.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("0000 DATA END WITH '.'\nVDE switch V.2.3.3\n"), out);
        assertTrue(out.contains("\npid " + ProcessHandle.current().pid() + " MAC "), out);
        assertTrue(out.endsWith(" uptime 7\n.\n1000 Success\n"), out);
        assertEquals(List.of("EOF on stdin, cleaning up and exiting"), log);
        assertTrue(sw.get().closed());
        assertFalse(Files.exists(pid));
    }

    @Test
    void shouldRunTheRealEngineWithItsConsoleCommandsAndRemoveItsDirectory() {
        final Path dir = tmp.resolve("sw");
        final int status = process(settings().build(),
                new ByteArrayInputStream("port/showinfo\nds/showinfo\n".getBytes(StandardCharsets.US_ASCII)),
                SwitchStarter.engine()).run();
        assertEquals(ExitCodes.OK, status);
        final String out = stdout.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("0000 DATA END WITH '.'\nNumports=32\nHUB=false\n"), out);
        assertTrue(out.endsWith("0000 DATA END WITH '.'\nctl dir " + dir + "\nstd mode 0600\n.\n1000 Success\n"), out);
        assertFalse(Files.exists(dir));
    }

    @Test
    void shouldWriteItsPidToThePidfileWhileRunning() throws Exception {
        final Path pid = tmp.resolve("sw.pid");
        final SwitchProcess p = process(settings().pidFile(pid).build(), blockingStdin());
        final Future<Integer> exit = start(p);
        assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(pid));
        p.requestShutdown(ExitCodes.OK, "Caught signal 15, cleaning up and exiting");
        assertEquals(ExitCodes.OK, exit.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertFalse(Files.exists(pid));
    }

    @Test
    void shouldRefuseAnExistingPidfileAndLeaveItAlone() throws IOException {
        final Path pid = tmp.resolve("sw.pid");
        Files.writeString(pid, "123\n");
        final int status = process(settings().pidFile(pid).build(), blockingStdin()).run();
        assertEquals(ExitCodes.PIDFILE, status);
        assertNull(sw.get(), "the switch must not start");
        assertEquals("123\n", Files.readString(pid));
        assertTrue(log.get(0).startsWith("Error in pidfile creation: File exists"), log.toString());
    }

    @Test
    void shouldExit255AndRemoveThePidfileWhenTheSwitchCannotStart() throws IOException {
        final Path pid = tmp.resolve("sw.pid");
        final String why = "Cannot create ctl directory '/proc/x/sw': No such file or directory";
        final int status = process(settings().pidFile(pid).build(), blockingStdin(), FakeSwitch.failing(why)).run();
        assertEquals(ExitCodes.START_FAILED, status);
        assertEquals(List.of(why), log);
        assertFalse(Files.exists(pid));
    }

    @Test
    void shouldReturnTheExitCodeOfTheFirstShutdownRequestAndLogItOnce() throws Exception {
        final SwitchProcess p = process(settings().build(), blockingStdin());
        final Future<Integer> exit = start(p);
        p.requestShutdown(ExitCodes.SIGINT, "Caught signal 2, cleaning up and exiting");
        p.requestShutdown(ExitCodes.OK, "EOF on stdin, cleaning up and exiting");
        assertEquals(ExitCodes.SIGINT, exit.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(List.of("Caught signal 2, cleaning up and exiting"), log);
        assertTrue(sw.get().closed());
    }

    @Test
    void shouldExitWhenTheEngineStopsOnItsOwn() throws Exception {
        final Future<Integer> exit = start(process(settings().build(), blockingStdin()));
        sw.get().die();
        assertEquals(ExitCodes.SOFTWARE, exit.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void shouldNotReadStdinWithNostdin() throws Exception {
        final AtomicBoolean read = new AtomicBoolean();
        final InputStream stdin = new InputStream() {
            @Override
            public int read() {
                read.set(true);
                return -1;
            }
        };
        final SwitchProcess p = process(settings().stdinConsole(false).build(), stdin);
        final Future<Integer> exit = start(p);
        p.requestShutdown(ExitCodes.OK, "Caught signal 15, cleaning up and exiting");
        assertEquals(ExitCodes.OK, exit.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertFalse(read.get());
    }

    @Test
    void shouldRunTheRcFileBeforeAcceptingClientsAndBeforeReadinessAndDiscardItsOutput() throws Exception {
        final Path rc = tmp.resolve("vde_switch.rc");
        Files.writeString(rc, "# set up\nshowinfo\ntest/mark one\ntest/mark two\n");
        final ProcessSettings s = settings().rcFile(rc).stdinConsole(false).extension((running, console, l) -> {
            console.command("test/mark", "X", "record X", ctx -> events.add("rc " + ctx.args()));
            return () -> { };
        }).build();
        final SwitchProcess p = process(s, blockingStdin());
        final Future<Integer> exit = start(p);
        p.requestShutdown(ExitCodes.OK, "Caught signal 15, cleaning up and exiting");
        assertEquals(ExitCodes.OK, exit.get(WAIT_SECONDS, TimeUnit.SECONDS));
        // vde_switch runs its rc file before its event loop: no client may attach to a port it is configuring.
        assertEquals(List.of("switch started", "rc one", "rc two", "clients accepted", "ready", "switch closed"),
            events);
        assertEquals("", stdout.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldLogFailingRcLinesAndKeepRunning() throws Exception {
        final Path rc = tmp.resolve("rc");
        Files.writeString(rc, "bogus\n");
        final SwitchProcess p = process(settings().rcFile(rc).stdinConsole(false).build(), blockingStdin());
        final Future<Integer> exit = start(p);
        p.requestShutdown(ExitCodes.OK, "stop");
        assertEquals(ExitCodes.OK, exit.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals("rcfile " + rc + ":1: bogus: 1038 Function not implemented", log.get(0));
    }

    @Test
    void shouldExitZeroWhenTheRcFileSaysShutdown() throws IOException {
        final Path rc = tmp.resolve("rc");
        Files.writeString(rc, "shutdown\n");
        final int status = process(settings().rcFile(rc).stdinConsole(false).build(), blockingStdin()).run();
        assertEquals(ExitCodes.OK, status);
        assertEquals(List.of("Shutdown from mgmt command"), log);
    }

    @Test
    void shouldKeepRunningWhenTheRcFileIsMissing() throws Exception {
        final SwitchProcess p = process(settings().rcFile(tmp.resolve("none")).stdinConsole(false).build(),
                blockingStdin());
        final Future<Integer> exit = start(p);
        p.requestShutdown(ExitCodes.OK, "stop");
        assertEquals(ExitCodes.OK, exit.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue(log.get(0).startsWith("rcfile not run: "), log.toString());
    }

    @Test
    void shouldServeTheMgmtSocketAndShutDownFromIt() throws Exception {
        final Path mgmt = tmp.resolve("sw.mgmt");
        final Future<Integer> exit = start(process(settings().mgmt(mgmt, 0600, null).stdinConsole(false).build(),
                blockingStdin()));
        final MgmtClient.Answer info = MgmtClient.run(mgmt, "showinfo", Duration.ofSeconds(5));
        assertEquals("mgmt " + mgmt + " perm 0600", info.data().get(info.data().size() - 1));
        assertEquals(MgmtClient.Outcome.SUCCESS, MgmtClient.run(mgmt, "shutdown", Duration.ofSeconds(5)).outcome());
        assertEquals(ExitCodes.OK, exit.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(List.of("Shutdown from mgmt command"), log);
        assertFalse(Files.exists(mgmt));
    }

    @Test
    void shouldExit255WhenTheMgmtPathIsNotFree() throws IOException {
        final Path mgmt = tmp.resolve("file");
        Files.writeString(mgmt, "x");
        final int status = process(settings().mgmt(mgmt, 0600, null).build(), blockingStdin()).run();
        assertEquals(ExitCodes.START_FAILED, status);
        assertTrue(sw.get().closed());
        assertTrue(log.get(0).startsWith("Could not open mgmt socket '" + mgmt + "'"), log.toString());
    }

    @Test
    void shouldStartExtensionsInOrderAndCloseThemInReverseBeforeTheSwitch() throws Exception {
        final ProcessSettings s = settings().stdinConsole(false)
                .extension((running, console, l) -> {
                    events.add("a started");
                    return () -> events.add("a closed");
                })
                .extension((running, console, l) -> {
                    events.add("b started");
                    return () -> events.add("b closed");
                }).build();
        final SwitchProcess p = process(s, blockingStdin());
        final Future<Integer> exit = start(p);
        p.requestShutdown(ExitCodes.OK, "stop");
        assertEquals(ExitCodes.OK, exit.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(List.of("switch started", "a started", "b started", "clients accepted", "ready", "b closed",
                "a closed", "switch closed"), events);
    }
}
