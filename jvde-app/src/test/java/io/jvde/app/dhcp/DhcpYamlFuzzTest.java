package io.jvde.app.dhcp;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The YAML configuration (--dhcp-config) on arbitrary text, seeded with the README's examples. Contract: a file is
 * either accepted (and yields the server, relay and guard settings) or refused with an
 * {@link IllegalArgumentException} saying {@code FILE:LINE: ...} (README: "A bad file is refused at start with
 * FILE:LINE: field.path: value (expected: ...)"); any other exception is a bug.
 */
class DhcpYamlFuzzTest {
    private static final Path FILE = Path.of("/etc/jvde/lab.yaml");
    private static final Pattern WHERE = Pattern.compile("^" + Pattern.quote(FILE.toString()) + ":[1-9][0-9]*: .+",
        Pattern.DOTALL);

    @FuzzTest(maxDuration = "10s")
    void acceptedOrRefusedWithFileAndLine(final byte[] data) {
        final String text = new String(data, StandardCharsets.UTF_8);
        final DhcpConfig config;
        try {
            config = DhcpYaml.parse(FILE, text);
        } catch (IllegalArgumentException refused) {
            assertTrue(WHERE.matcher(String.valueOf(refused.getMessage())).matches(),
                "refusal without FILE:LINE: " + refused.getMessage());
            return;
        }
        assertNotNull(config.server(), "accepted: the server settings");
        assertNotNull(config.guard(), "accepted: the guard settings");
        assertNotNull(config.guardedVlans(), "accepted: the guarded VLANs");
    }
}
