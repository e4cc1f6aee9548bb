package io.jvde.app.vxlan;

import com.fasterxml.jackson.databind.JsonNode;
import io.jvde.app.config.YamlLines;
import io.jvde.sw.vxlan.VxlanSettings;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

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
 *   sourcePorts: 1                 # > 1: flows spread over that many UDP source ports
 *   dhcpTrusted: true
 * </pre>
 * A bad value is refused with {@code FILE:LINE: vxlan.field: value (expected: ...)}.
 */
public final class VxlanYaml {
    private static final Set<String> TOP = Set.of("vxlan");
    private static final Set<String> FIELDS = Set.of("local", "peers", "group", "ttl", "vnis", "innerMtu",
        "dhcpTrusted", "sourcePorts");
    private static final Set<String> VNI = Set.of("vni", "vlan");

    private final Path file;
    private final YamlLines doc;

    private VxlanYaml(final Path file, final YamlLines doc) {
        this.file = file;
        this.doc = doc;
    }

    public static VxlanSettings load(final Path file) {
        return parse(file, YamlLines.read("--vxlan-config", file));
    }

    public static VxlanSettings parse(final Path file, final String text) {
        final VxlanYaml y = new VxlanYaml(file, YamlLines.parse(file, text));
        final JsonNode root = y.doc.root();
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw y.error("", "empty file (expected: a vxlan: section)");
        }
        y.known(root, "", TOP);
        final JsonNode v = root.get("vxlan");
        if (v == null) {
            throw y.error("", "no vxlan: section");
        }
        y.known(v, "vxlan", FIELDS);
        final VxlanSettings.Builder b = VxlanSettings.builder();
        y.field(v, "vxlan.local", n -> b.local(n.asText()));
        if (v.has("peers")) {
            y.each(v.get("peers"), "vxlan.peers", (n, at) -> y.apply(at, () -> b.peer(n.asText())));
        }
        y.field(v, "vxlan.group", n -> b.group(n.asText()));
        y.field(v, "vxlan.ttl", n -> b.ttl(y.integer("vxlan.ttl", n)));
        y.field(v, "vxlan.innerMtu", n -> b.innerMtu(y.integer("vxlan.innerMtu", n)));
        y.field(v, "vxlan.sourcePorts", n -> b.sourcePorts(y.integer("vxlan.sourcePorts", n)));
        y.field(v, "vxlan.dhcpTrusted", n -> {
            if (!n.isBoolean()) {
                throw new IllegalArgumentException(n.asText() + " (expected: true or false)");
            }
            b.trusted(n.asBoolean());
        });
        if (v.has("vnis")) {
            y.each(v.get("vnis"), "vxlan.vnis", (n, at) -> y.apply(at, () -> {
                if (n.isObject()) {
                    y.known(n, at, VNI);
                    b.vni(n.path("vni").asText("") + (n.has("vlan") ? "=" + n.get("vlan").asText() : ""));
                } else {
                    b.vni(n.asText());
                }
            }));
        }
        if (!v.has("local")) {
            throw y.error("vxlan", "no local address (expected: local: LOCAL[:PORT])");
        }
        try {
            return b.build();
        } catch (final IllegalArgumentException e) {
            throw y.error("vxlan", e.getMessage());
        }
    }

    private IllegalArgumentException error(final String at, final String reason) {
        return doc.error(at, reason);
    }

    private void known(final JsonNode node, final String at, final Set<String> names) {
        doc.known(node, at, names);
    }

    private void field(final JsonNode parent, final String at, final Consumer<JsonNode> apply) {
        final JsonNode n = parent.get(at.substring(at.lastIndexOf('.') + 1));
        if (n != null) {
            apply(at, () -> apply.accept(n));
        }
    }

    private void apply(final String at, final Runnable r) {
        try {
            r.run();
        } catch (final IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(file.toString()) ? e : error(at, e.getMessage());
        }
    }

    private interface EachAt {
        void accept(JsonNode n, String at);
    }

    private void each(final JsonNode list, final String at, final EachAt apply) {
        final List<JsonNode> items = new java.util.ArrayList<>();
        if (list.isArray()) {
            list.forEach(items::add);
        } else {
            items.add(list);
        }
        for (int i = 0; i < items.size(); i++) {
            apply.accept(items.get(i), list.isArray() ? at + "[" + i + "]" : at);
        }
    }

    private int integer(final String at, final JsonNode n) {
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw new IllegalArgumentException(n.asText() + " (expected: an integer)");
        }
        return n.asInt();
    }
}
