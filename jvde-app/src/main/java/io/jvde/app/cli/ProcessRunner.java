package io.jvde.app.cli;

import io.jvde.app.ConsoleLog;
import io.jvde.app.Daemon;
import io.jvde.app.ExitCodes;
import io.jvde.app.ProcessIo;
import io.jvde.app.ProcessSettings;
import io.jvde.app.SwitchProcess;
import io.jvde.app.SwitchStarter;
import io.jvde.app.SyslogLog;
import io.jvde.sw.engine.SwitchLog;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * The real {@link SwitchRunner}: in the foreground logs go to stderr ({@code vde_switch: msg}); with {@code -d}
 * the first process re-runs itself detached and waits for it, the detached child logs to syslog.
 */
final class ProcessRunner implements SwitchRunner {
    private final String mainClass;
    private final List<String> args;
    private final Map<String, String> env;

    ProcessRunner(final String mainClass, final List<String> args, final Map<String, String> env) {
        this.mainClass = mainClass;
        this.args = List.copyOf(args);
        this.env = env;
    }

    @Override
    public int run(final ProcessSettings settings, final PrintWriter err) {
        final String program = settings.program();
        if (settings.daemon() && !Daemon.isChild(env)) {
            try {
                return Daemon.spawn(program, Daemon.currentJavaCommand(mainClass, args), err,
                        Daemon.READY_TIMEOUT);
            } catch (final IOException e) {
                err.println(program + ": cannot start the daemon: " + e.getMessage());
                err.flush();
                return ExitCodes.START_FAILED;
            }
        }
        final SwitchLog log;
        final ProcessIo io;
        if (settings.daemon()) {
            final Daemon.Child child = Daemon.child(env);
            log = child.tee(SyslogLog.devLog(program), program);
            io = new ProcessIo(InputStream.nullInputStream(), OutputStream.nullOutputStream(), null, child, true);
        } else {
            log = new ConsoleLog(err, program);
            io = ProcessIo.system(new ProcessIo.Readiness() { // a class, not a lambda: docs/architecture.md §7
                @Override
                public void ready() {
                    // A foreground switch tells nobody.
                }
            });
        }
        return new SwitchProcess(settings, SwitchStarter.engine(), log, io).run();
    }
}
