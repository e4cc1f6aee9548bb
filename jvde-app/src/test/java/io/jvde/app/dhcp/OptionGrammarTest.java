package io.jvde.app.dhcp;

import io.jvde.dhcp.config.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --dhcp-option CODE,VALUE and the YAML options: {CODE: VALUE} read names and values the same way. */
@Timeout(30)
class OptionGrammarTest {
    private static Scope cli(final String option) {
        return DhcpCommandLine.parse(List.of(new DhcpCommandLine.Arg(DhcpCommandLine.RANGE, "10.0.0.10,10.0.0.20"),
            new DhcpCommandLine.Arg(DhcpCommandLine.OPTION, option)), true).settings().scopes().get(0);
    }

    private static Scope yaml(final String key, final String value) {
        return DhcpYaml.parse(Path.of("t.yaml"), "scopes:\n  - cidr: 10.0.0.0/24\n    options: {\"" + key + "\": \""
            + value + "\"}\n").server().scopes().get(0);
    }

    @Test
    void theSameTextGivesTheSameBytesOnTheCommandLineAndInTheFile() {
        for (final String[] o : new String[][] {{"150", "0xc0a80102"}, {"tftp-server", "10.0.0.2"},
            {"252", "10.0.0.3,10.0.0.4"}, {"option:bootfile-name", "pxelinux.0"}, {"43", "0x0102"}}) {
            final Scope c = cli(o[0] + "," + o[1]);
            final Scope y = yaml(o[0], o[1]);
            assertEquals(1, c.options().raw().size(), o[0]);
            assertEquals(c.options().raw().keySet(), y.options().raw().keySet(), o[0]);
            final int code = c.options().raw().keySet().iterator().next();
            assertArrayEquals(c.options().raw().get(code), y.options().raw().get(code), o[0] + "," + o[1]);
        }
    }

    @Test
    void aBadHexValueIsRefusedByBothWithTheSameExpectation() {
        final String c = assertThrows(IllegalArgumentException.class, () -> cli("150,0xabc")).getMessage();
        assertEquals("--dhcp-option: 150,0xabc ('0xabc' expected: an even number of hex digits after 0x)", c);
        final String y = assertThrows(IllegalArgumentException.class, () -> yaml("150", "0xabc")).getMessage();
        assertTrue(y.endsWith("scopes[0].options.150: 0xabc (expected: an even number of hex digits after 0x)"), y);
    }
}
