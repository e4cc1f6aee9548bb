package io.jvde.app.cli;

import io.jvde.app.ProcessSettings;
import io.jvde.sw.engine.SwitchSettings;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every vde_switch option (docs/protocol.md §5.10) under all of its spellings; the single-dash long forms come
 * from {@link LongOnlyArgs}. Shared by {@code vde_switch} and {@code jvde switch}.
 */
final class VdeSwitchOptions {
    /** vde_switch's limit is memory; ours keeps the table allocation sane. */
    static final int MAX_HASH_SIZE = 1 << 24;

    @Option(names = {"-h", "--help"}, description = "Display this help and exit")
    boolean help;

    @Option(names = {"-v", "--version"}, description = "Display informations on version and exit")
    boolean version;

    @Option(names = {"-n", "--numports"}, paramLabel = "N",
            description = "Number of ports (default 32; ports are added on demand beyond it)")
    Integer numPorts;

    @Option(names = {"-x", "--hub"}, description = "Make the switch act as a hub")
    boolean hub;

    @Option(names = {"-F", "--fstp"}, description = "Accepted for compatibility; jvde has no fast spanning tree")
    boolean fstp;

    @Option(names = "--macaddr", paramLabel = "MAC", converter = Converters.Mac.class,
            description = "Set the Switch MAC address (':' or '.' separated)")
    Long macAddress;

    @Option(names = "--priority", paramLabel = "N", description = "Set the priority for FST (MAC extension)")
    Integer priority;

    @Option(names = "--hashsize", paramLabel = "N",
            description = "Hash table size (rounded up to a power of 2, default 128)")
    Integer hashSize;

    @Option(names = {"-s", "--sock", "--vdesock", "--unix"}, paramLabel = "SOCK",
            description = "control directory pathname (default /var/run/vde.ctl as root, else /tmp/vde.ctl)")
    Path sock;

    @Option(names = {"-m", "--mode", "--mod"}, paramLabel = "MODE", converter = Converters.Octal.class,
            description = "Permissions for the control socket (octal)")
    Integer mode;

    @Option(names = "--dirmode", paramLabel = "MODE", converter = Converters.Octal.class,
            description = "Permissions for the sockets directory (octal)")
    Integer dirMode;

    @Option(names = {"-g", "--group"}, paramLabel = "GROUP", description = "Group owner for comm sockets")
    String group;

    @Option(names = {"-d", "--daemon"}, description = "Daemonize once ctl accepts connections (logs to syslog)")
    boolean daemon;

    @Option(names = {"-p", "--pidfile"}, paramLabel = "PIDFILE", description = "Write pid of daemon to PIDFILE")
    Path pidFile;

    @Option(names = {"-f", "--rcfile"}, paramLabel = "FILE",
            description = "Configuration file (overrides ~/.vde2/vde_switch.rc and /etc/vde2/vde_switch.rc)")
    Path rcFile;

    @Option(names = {"-M", "--mgmt"}, paramLabel = "SOCK", description = "path of the management UNIX socket")
    Path mgmt;

    @Option(names = "--mgmtmode", paramLabel = "MODE", converter = Converters.Octal.class,
            description = "management UNIX socket access mode (octal, default 0600)")
    Integer mgmtMode;

    @Option(names = "--mgmtgroup", paramLabel = "GROUP", description = "management UNIX socket group name")
    String mgmtGroup;

    @Option(names = "--nostdin", description = "Do not use stdin as the management console")
    boolean noStdin;

    @Option(names = {"-D", "--debugclients"}, paramLabel = "#",
            description = "number of debug clients allowed (accepted and ignored, as by vde_switch)")
    String debugClients;

    @Option(names = {"-t", "--tap"}, paramLabel = "TAP", description = "Enable routing through TAP tap interface")
    List<String> taps = new ArrayList<>();

    /**
     * Builds the process settings these options describe. Warnings (hash size rounding, FSTP) go to {@code warn}
     * prefixed with {@code program}.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    ProcessSettings.Builder toBuilder(final String program, final Map<String, String> env, final boolean root,
                                      final PrintWriter warn) {
        final Path dir = sock != null ? sock : Path.of(root ? "/var/run/vde.ctl" : "/tmp/vde.ctl");
        final SwitchSettings.Builder sw = SwitchSettings.builder(dir).hub(hub).taps(taps);
        if (numPorts != null) {
            if (numPorts < 1) {
                throw new IllegalArgumentException("The switch must have at least 1 port");
            }
            sw.numPorts(numPorts);
        }
        if (hashSize != null) {
            sw.hashSize(roundHashSize(hashSize, program, warn));
        }
        if (macAddress != null) {
            sw.switchMac(macAddress);
        }
        if (mode != null) {
            sw.ctlMode(mode);
        }
        if (dirMode != null) {
            sw.dirMode(dirMode);
        }
        sw.group(group);
        if (mgmtMode != null) {
            // Port-0 data sockets (REQ_NEW_PORT0) take the management socket's mode and group, as in vde_switch.
            sw.port0Mode(mgmtMode);
        }
        sw.port0Group(mgmtGroup);
        if (fstp && !hub) {
            warn.println(program + ": FSTP is not supported by jvde; running without it");
        }
        final ProcessSettings.Builder process = ProcessSettings.builder(program, sw)
                .mgmt(mgmt, mgmtMode != null ? mgmtMode : ProcessSettings.DEFAULT_MGMT_MODE, mgmtGroup)
                .pidFile(pidFile)
                .daemon(daemon)
                .stdinConsole(!noStdin);
        process.rcFile(rcFile != null ? rcFile : ProcessSettings.defaultRcFile(env, Path.of("/etc")));
        if (priority != null) {
            process.priority(priority);
        }
        return process;
    }

    /** vde_switch rounds a hash size that is not a power of two up, with this warning. */
    static int roundHashSize(final int requested, final String program, final PrintWriter warn) {
        if (requested < 1 || requested > MAX_HASH_SIZE) {
            throw new IllegalArgumentException("hashsize: " + requested + " (expected: 1.." + MAX_HASH_SIZE + ")");
        }
        final int rounded = Integer.bitCount(requested) == 1 ? requested : Integer.highestOneBit(requested) << 1;
        if (rounded != requested) {
            warn.println(program + ": Hash size must be a power of 2. " + requested + " rounded to " + rounded);
        }
        return rounded;
    }
}
