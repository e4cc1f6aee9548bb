package io.jvde.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** jvde's own version, filtered into {@code version.properties} by the build. */
public final class JvdeVersion {
    private static final String VERSION = load();

    private JvdeVersion() {
    }

    public static String version() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = JvdeVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            final Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (final IOException e) {
            return "unknown";
        }
    }
}
