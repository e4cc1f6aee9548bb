package io.jvde.app.cli;

import io.jvde.app.ProcessSettings;
import io.jvde.app.dhcp.DhcpCommandLine;
import io.jvde.app.dhcp.DhcpExtension;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Stack;

/**
 * The built-in DHCP server's options, in the spirit of dnsmasq. They are order-sensitive ({@code --dhcp-vlan N}
 * applies to the options after it), so every occurrence is recorded in command-line order and handed to
 * {@link DhcpCommandLine}. {@code jvde switch} serves the default subnet when none is given; {@code vde_switch}
 * accepts the same options but serves no DHCP unless one is given.
 */
final class DhcpSwitchOptions implements SwitchOptionGroup {
    /** Field name of this mixin in the commands: the consumer finds the instance by it. */
    static final String MIXIN = "dhcp";

    @Option(names = DhcpCommandLine.RANGE, paramLabel = "START,END[,NETMASK[,LEASETIME]]",
            parameterConsumer = Ordered.class,
            description = "Serve addresses START..END (NETMASK default 255.255.255.0; LEASETIME seconds or 45m, 12h,"
                + " 1d, infinite; default 1d). START,static serves reservations only. Repeatable.")
    List<String> ranges;

    @Option(names = DhcpCommandLine.HOST, paramLabel = "MAC,IP[,NAME]", parameterConsumer = Ordered.class,
            description = "Always give IP (and host name NAME) to MAC. Repeatable.")
    List<String> hosts;

    @Option(names = DhcpCommandLine.SERVER_IP, paramLabel = "IP", parameterConsumer = Ordered.class,
            description = "The server's address (option 54; answers ARP and ping). Default: the subnet's last"
                + " usable address, e.g. .254 in a /24.")
    List<String> serverIps;

    @Option(names = DhcpCommandLine.OPTION, paramLabel = "CODE,VALUE", parameterConsumer = Ordered.class,
            description = "Send option CODE (a number or router, dns-server, domain-name, mtu, ntp-server,"
                + " tftp-server, bootfile-name, domain-search) with VALUE: addresses, names, 0xHEX or text.")
    List<String> options;

    @Option(names = DhcpCommandLine.BOOT, paramLabel = "FILE[,SERVERNAME[,SERVERIP]]",
            parameterConsumer = Ordered.class,
            description = "Network boot: file, sname and siaddr, also sent as options 67 and 66.")
    List<String> boots;

    @Option(names = DhcpCommandLine.CONFIG, paramLabel = "FILE", parameterConsumer = Ordered.class,
            description = "Read scopes from a YAML file (README, \"DHCP\").")
    List<String> configs;

    @Option(names = DhcpCommandLine.VLAN, paramLabel = "N", parameterConsumer = Ordered.class,
            description = "The DHCP options after this one configure VLAN N (default: 0, the untagged VLAN).")
    List<String> vlans;

    @Option(names = DhcpCommandLine.LEASE_FILE, paramLabel = "PATH|memory", parameterConsumer = Ordered.class,
            description = "Lease journal (default: DIR" + io.jvde.app.dhcp.LeaseFile.DEFAULT_SUFFIX
                + " beside the switch directory DIR); memory keeps leases in memory only.")
    List<String> leaseFiles;

    @Option(names = DhcpCommandLine.TRUSTED_PORT, paramLabel = "PORT", parameterConsumer = Ordered.class,
            description = "Trust PORT's DHCP: server messages and relayed requests (option 82, giaddr) from it pass"
                + " the DHCP guard (a server VM, a downstream relay, perfdhcp). Repeatable.")
    List<String> trustedPorts;

    // ------------------------------------------------------------ lab services (README, "DNS and TFTP")

    @Option(names = DhcpCommandLine.ENABLE_DNS, arity = "0", parameterConsumer = Flag.class,
            description = "Serve DNS for the lab's names on UDP 53 of each scope's server address; option 6 then"
                + " points clients there unless set.")
    boolean enableDns;

    @Option(names = DhcpCommandLine.DOMAIN, paramLabel = "NAME", parameterConsumer = Ordered.class,
            description = "The domain of the current VLAN's names (option 15) and DNS zone; turns DNS on.")
    List<String> domains;

    @Option(names = DhcpCommandLine.DNS_RECORD, paramLabel = "NAME,IP", parameterConsumer = Ordered.class,
            description = "A static DNS name (bare names get the domain of the subnet holding IP). Repeatable.")
    List<String> dnsRecords;

    @Option(names = DhcpCommandLine.DNS_UPSTREAM, paramLabel = "IP[:PORT]", parameterConsumer = Ordered.class,
            description = "Forward names outside the lab to this server from a host UDP socket (default: REFUSED).")
    List<String> dnsUpstreams;

    @Option(names = DhcpCommandLine.ENABLE_TFTP, arity = "0", parameterConsumer = Flag.class,
            description = "Serve TFTP (read-only) on the server addresses; needs --tftp-root.")
    boolean enableTftp;

    @Option(names = DhcpCommandLine.TFTP_ROOT, paramLabel = "DIR", parameterConsumer = Ordered.class,
            description = "The directory TFTP serves (read-only, nothing outside it); turns TFTP on.")
    List<String> tftpRoots;

    @Option(names = DhcpCommandLine.LEASE_SYNC, paramLabel = "fsync|write", parameterConsumer = Ordered.class,
            description = "When an ACK may leave: fsync (default) once its lease is fsynced, so it survives a power"
                + " loss; write once its lease is written to the journal, so it survives a crash or kill of the"
                + " switch but not of the machine (Kea's memfile, which never fsyncs).")
    List<String> leaseSyncs;

    @Option(names = DhcpCommandLine.QUIET, arity = "0", parameterConsumer = Flag.class,
            description = "No log line per DHCP exchange or relayed message (dnsmasq's --quiet-dhcp); failures,"
                + " drops and the guard's reports are still logged, and `jvde events` still tells every lease.")
    boolean quietDhcp;

    @Option(names = DhcpCommandLine.NO_DHCP, description = "Serve no DHCP.")
    boolean noDhcp;

    private final List<DhcpCommandLine.Arg> args = new ArrayList<>();
    private final boolean serveByDefault;

    DhcpSwitchOptions(final boolean serveByDefault) {
        this.serveByDefault = serveByDefault;
    }

    /** Records each occurrence in order, with its value as given (an attached =VALUE included). */
    static final class Ordered implements IParameterConsumer {
        @Override
        public void consumeParameters(final Stack<String> stack, final ArgSpec argSpec,
                                      final CommandSpec commandSpec) {
            final String name = ((OptionSpec) argSpec).longestName();
            if (stack.isEmpty()) {
                throw new picocli.CommandLine.ParameterException(commandSpec.commandLine(),
                    "Missing required parameter for option '" + name + "' (" + argSpec.paramLabel() + ")");
            }
            final DhcpSwitchOptions self = (DhcpSwitchOptions) commandSpec.mixins().get(MIXIN).userObject();
            self.record(name, stack.pop());
        }
    }

    /** Records a flag in order (no value). */
    static final class Flag implements IParameterConsumer {
        @Override
        public void consumeParameters(final Stack<String> stack, final ArgSpec argSpec,
                                      final CommandSpec commandSpec) {
            final DhcpSwitchOptions self = (DhcpSwitchOptions) commandSpec.mixins().get(MIXIN).userObject();
            self.record(((OptionSpec) argSpec).longestName(), "");
        }
    }

    /** One occurrence, in command-line order: what {@link Ordered} and {@link Flag} (and the fast path) record. */
    void record(final String option, final String value) {
        args.add(new DhcpCommandLine.Arg(option, value));
    }

    /** The recorded options, for tests. */
    List<DhcpCommandLine.Arg> args() {
        return args;
    }

    @Override
    public void applyTo(final ProcessSettings.Builder process) {
        final List<DhcpCommandLine.Arg> all = new ArrayList<>(args);
        if (noDhcp) {
            all.add(new DhcpCommandLine.Arg(DhcpCommandLine.NO_DHCP, null));
        }
        final DhcpCommandLine.Result r = DhcpCommandLine.parse(all, serveByDefault);
        if (r.enabled()) {
            process.extension(new DhcpExtension(r.config(), r.leaseFile()).quiet(r.quiet()));
        }
    }
}
