package io.jvde.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the commands take from the outside world, injected for tests.
 *
 * @param env    the environment ({@code HOME} for the rc file, the daemon marker)
 * @param root   true when the effective uid is 0 (vde_switch's default directory depends on it)
 * @param runner runs the switch process
 */
record CliContext(Map<String, String> env, boolean root, SwitchRunner runner) {

    /** The real process; {@code mainClass} and {@code args} let {@code -d} re-run this very command. */
    static CliContext system(final Class<?> mainClass, final List<String> args) {
        final Map<String, String> env = System.getenv();
        return new CliContext(env, effectiveUidIsRoot(), new ProcessRunner(mainClass.getName(), args, env));
    }

    /** /proc/self belongs to the effective uid; without /proc, trust user.name. */
    static boolean effectiveUidIsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (final IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
