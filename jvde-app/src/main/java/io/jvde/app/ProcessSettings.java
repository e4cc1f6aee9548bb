package io.jvde.app;

import io.jvde.sw.engine.SwitchSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Everything a switch process needs beyond the engine's settings: console, rc file, pid file, daemon mode. */
public final class ProcessSettings {
    /** vde_switch's FSTP priority default, shown by fstp/showinfo. */
    public static final int DEFAULT_PRIORITY = 32768;
    /** Default mode of the {@code -M} socket. */
    public static final int DEFAULT_MGMT_MODE = 0600;

    private final String program;
    private final SwitchSettings switchSettings;
    private final Path mgmtPath;
    private final int mgmtMode;
    private final String mgmtGroup;
    private final Path rcFile;
    private final Path pidFile;
    private final boolean daemon;
    private final boolean stdinConsole;
    private final int priority;
    private final List<ProcessExtension> extensions;

    private ProcessSettings(final Builder b, final SwitchSettings switchSettings) {
        this.program = b.program;
        this.switchSettings = switchSettings;
        this.mgmtPath = b.mgmtPath;
        this.mgmtMode = b.mgmtMode;
        this.mgmtGroup = b.mgmtGroup;
        this.rcFile = b.rcFile;
        this.pidFile = b.pidFile;
        this.daemon = b.daemon;
        this.stdinConsole = b.stdinConsole && !b.daemon;
        this.priority = b.priority;
        this.extensions = List.copyOf(b.extensions);
    }

    public static Builder builder(final String program, final SwitchSettings.Builder switchSettings) {
        return new Builder(program, switchSettings);
    }

    /** {@code vde_switch} or {@code jvde}: the prefix of log lines and the syslog tag. */
    public String program() { return program; }
    public SwitchSettings switchSettings() { return switchSettings; }
    /** The {@code -M} socket (absolute), or null. */
    public Path mgmtPath() { return mgmtPath; }
    public int mgmtMode() { return mgmtMode; }
    public String mgmtGroup() { return mgmtGroup; }
    /** The rc file to run at start (absolute), or null. */
    public Path rcFile() { return rcFile; }
    /** The pid file (absolute, resolved against the start directory), or null. */
    public Path pidFile() { return pidFile; }
    public boolean daemon() { return daemon; }
    /** True when standard input is the console (not {@code --nostdin}, not {@code -d}). */
    public boolean stdinConsole() { return stdinConsole; }
    public int priority() { return priority; }
    public List<ProcessExtension> extensions() { return extensions; }

    /**
     * The default rc file of docs/protocol.md §5.8: the first readable of {@code $HOME/.vde2/vde_switch.rc} and
     * {@code /etc/vde2/vde_switch.rc}, or null.
     */
    public static Path defaultRcFile(final Map<String, String> env, final Path etc) {
        final List<Path> candidates = new ArrayList<>(2);
        final String home = env.get("HOME");
        if (home != null && !home.isEmpty()) {
            candidates.add(Path.of(home, ".vde2", "vde_switch.rc"));
        }
        candidates.add(etc.resolve("vde2").resolve("vde_switch.rc"));
        for (final Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && Files.isReadable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Fluent builder. */
    public static final class Builder {
        private final String program;
        private final SwitchSettings.Builder switchSettings;
        private Path mgmtPath;
        private int mgmtMode = DEFAULT_MGMT_MODE;
        private String mgmtGroup;
        private Path rcFile;
        private Path pidFile;
        private boolean daemon;
        private boolean stdinConsole = true;
        private int priority = DEFAULT_PRIORITY;
        private final List<ProcessExtension> extensions = new ArrayList<>();

        private Builder(final String program, final SwitchSettings.Builder switchSettings) {
            this.program = Objects.requireNonNull(program, "program");
            this.switchSettings = Objects.requireNonNull(switchSettings, "switchSettings");
        }

        /** The engine's settings, for option groups to adjust before {@link #build()}. */
        public SwitchSettings.Builder switchSettings() {
            return switchSettings;
        }

        public Builder mgmt(final Path path, final int mode, final String group) {
            this.mgmtPath = path == null ? null : path.toAbsolutePath();
            this.mgmtMode = mode;
            this.mgmtGroup = group;
            return this;
        }

        public Builder rcFile(final Path v) { rcFile = v == null ? null : v.toAbsolutePath(); return this; }
        public Builder pidFile(final Path v) { pidFile = v == null ? null : v.toAbsolutePath(); return this; }
        public Builder daemon(final boolean v) { daemon = v; return this; }
        public Builder stdinConsole(final boolean v) { stdinConsole = v; return this; }
        public Builder priority(final int v) { priority = v; return this; }
        public Builder extension(final ProcessExtension v) { extensions.add(Objects.requireNonNull(v)); return this; }

        /** Validates both levels; the message of an IllegalArgumentException names the bad value. */
        public ProcessSettings build() {
            if ((mgmtMode & ~07777) != 0) {
                throw new IllegalArgumentException("mgmtmode: 0" + Integer.toOctalString(mgmtMode)
                        + " (expected: octal 0..07777)");
            }
            if (priority < 0 || priority > 0xFFFF) {
                throw new IllegalArgumentException("priority: " + priority + " (expected: 0..65535)");
            }
            return new ProcessSettings(this, switchSettings.build());
        }
    }
}
