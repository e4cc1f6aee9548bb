package io.jvde.app.config;

import io.jvde.app.dhcp.DhcpYaml;
import io.jvde.app.vxlan.VxlanYaml;
import io.jvde.testsupport.RepoRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every YAML example of the README is a file jvde accepts: the DHCP ones by --dhcp-config, VXLAN by --vxlan-config. */
@Timeout(30)
class ReadmeYamlTest {
    @TempDir
    Path dir;

    private static List<String> yamlBlocks(final String readme) {
        final List<String> blocks = new ArrayList<>();
        for (int at = readme.indexOf("```yaml\n"); at >= 0; at = readme.indexOf("```yaml\n", at + 1)) {
            final int start = at + "```yaml\n".length();
            blocks.add(readme.substring(start, readme.indexOf("```", start)));
        }
        return blocks;
    }

    @Test
    void everyDhcpAndVxlanExampleIsAccepted() throws Exception {
        final List<String> blocks = yamlBlocks(Files.readString(RepoRoot.find().resolve("README.md")));
        Files.createDirectories(dir.resolve("tftp")); // boot.tftpRoot: tftp, relative to the file
        int read = 0;
        for (final String yaml : blocks) {
            if (yaml.startsWith("vxlan:")) {
                assertDoesNotThrow(() -> VxlanYaml.parse(dir.resolve("vxlan.yaml"), yaml), yaml);
                read++;
            } else if (!yaml.startsWith("scrape_configs:")) { // Prometheus' file, not jvde's
                assertDoesNotThrow(() -> DhcpYaml.parse(dir.resolve("dhcp.yaml"), yaml), yaml);
                read++;
            }
        }
        assertTrue(read >= 5, "the README's DHCP, relay, host relay, DNS/TFTP and VXLAN examples: " + read);
    }
}
