package io.jvde.app.vxlan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.jvde.app.config.ConfigFile;
import io.jvde.sw.vxlan.VxlanSettings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code vxlan:} section of {@code --vxlan-config FILE}, the same fields as the command line:
 * <pre>
 * vxlan:
 *   local: 192.0.2.1:4789          # LOCAL[:PORT]
 *   peers: [192.0.2.2, 192.0.2.3:8472]
 *   group: 239.1.1.1,eth0          # GROUP[,IFNAME]
 *   ttl: 1
 *   vnis: ["42=0", {vni: 100, vlan: 10}]
 *   innerMtu: 1450
 *   sourcePorts: 8                 # flows spread over that many UDP source ports (1: the local port only)
 *   socketBuffer: 268435456        # bytes, the tunnel sockets' SO_RCVBUF/SO_SNDBUF
 *   offload: true                  # UDP_SEGMENT sends and UDP_GRO receives where the kernel has them
 *   dhcpTrusted: true
 * </pre>
 * Bound by Jackson to {@link File}; a bad value is refused with {@code FILE:LINE: vxlan.field: value (expected: ...)}.
 */
public final class VxlanYaml {
    /** The file: one {@code vxlan:} section. */
    record File(Section vxlan) {
    }

    /** The section, each field as the command line writes it. */
    record Section(String local, List<String> peers, String group, Integer ttl,
                   @JsonDeserialize(contentUsing = Vni.class) List<String> vnis, Integer innerMtu,
                   Boolean dhcpTrusted, Integer sourcePorts, Integer socketBuffer, Boolean offload) {
    }

    /** {@code {vni: 100, vlan: 10}}, the long form of {@code "100=10"}. */
    record VniMapping(String vni, String vlan) {
    }

    /** A VNI entry, {@code "VNI[=VLAN]"} or a {@link VniMapping}, as the command line's text. */
    static final class Vni extends JsonDeserializer<String> {
        @Override
        public String deserialize(final JsonParser p, final DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.START_OBJECT) {
                final VniMapping m = ctxt.readValue(p, VniMapping.class);
                return (m.vni() == null ? "" : m.vni()) + (m.vlan() == null ? "" : "=" + m.vlan());
            }
            return ctxt.readValue(p, String.class);
        }
    }

    private final ConfigFile file;

    private VxlanYaml(final ConfigFile file) {
        this.file = file;
    }

    public static VxlanSettings load(final Path file) {
        return new VxlanYaml(ConfigFile.read("--vxlan-config", file)).settings();
    }

    public static VxlanSettings parse(final Path file, final String text) {
        return new VxlanYaml(ConfigFile.parse(file, text)).settings();
    }

    private VxlanSettings settings() {
        if (file.isEmpty()) {
            throw file.error("", "empty file (expected: a vxlan: section)");
        }
        final Section v = file.bind(File.class).vxlan();
        if (v == null) {
            throw file.error("", "no vxlan: section");
        }
        final VxlanSettings.Builder b = VxlanSettings.builder();
        if (v.local() == null) {
            throw file.error("vxlan", "no local address (expected: local: LOCAL[:PORT])");
        }
        apply("vxlan.local", () -> b.local(v.local()));
        each("vxlan.peers", v.peers(), b::peer);
        if (v.group() != null) {
            apply("vxlan.group", () -> b.group(v.group()));
        }
        if (v.ttl() != null) {
            apply("vxlan.ttl", () -> b.ttl(v.ttl()));
        }
        if (v.innerMtu() != null) {
            apply("vxlan.innerMtu", () -> b.innerMtu(v.innerMtu()));
        }
        if (v.sourcePorts() != null) {
            apply("vxlan.sourcePorts", () -> b.sourcePorts(v.sourcePorts()));
        }
        if (v.socketBuffer() != null) {
            apply("vxlan.socketBuffer", () -> b.socketBuffer(v.socketBuffer()));
        }
        if (v.offload() != null) {
            b.offload(v.offload());
        }
        if (v.dhcpTrusted() != null) {
            b.trusted(v.dhcpTrusted());
        }
        each("vxlan.vnis", v.vnis(), b::vni);
        try {
            return b.build();
        } catch (final IllegalArgumentException e) {
            throw file.error("vxlan", e.getMessage());
        }
    }

    private void each(final String at, final List<String> values, final java.util.function.Consumer<String> to) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            final String value = values.get(i);
            apply(file.element(at, i), () -> to.accept(value));
        }
    }

    private void apply(final String at, final Runnable r) {
        try {
            r.run();
        } catch (final IllegalArgumentException e) {
            throw file.error(at, e.getMessage());
        }
    }
}
