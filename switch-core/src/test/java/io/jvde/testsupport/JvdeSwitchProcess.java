package io.jvde.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * jvde as a process. Two launchers, chosen by the system property (or environment variable) {@code jvde.launcher}:
 * <ul>
 *   <li>{@code cli}: {@code <repo>/bin/jvde switch -s DIR [options]}, the command users run; needs the packaged
 *       {@code jvde-app/target/jvde.jar} (the test never lets bin/jvde build it in the middle of a Maven run);</li>
 *   <li>{@code engine}: {@link EngineMain} in a child JVM on the test class path, the switching engine without the
 *       CLI (its console is not there);</li>
 *   <li>{@code auto} (default): {@code cli} when the jar is built, else {@code engine}.</li>
 * </ul>
 */
final class JvdeSwitchProcess extends SwitchProcess {
    static final String LAUNCHER_PROPERTY = "jvde.launcher";

    private JvdeSwitchProcess(final Path directory, final ManagedProcess process) {
        super(Kind.JVDE, directory, process);
    }

    static SwitchUnderTest start(final Path directory, final Netns netns, final List<String> options) {
        final List<String> command = new ArrayList<>();
        final String launcher = launcher();
        final Path root = RepoRoot.find();
        final Path script = root.resolve("bin").resolve("jvde");
        final Path jar = root.resolve("jvde-app").resolve("target").resolve("jvde.jar");
        final boolean cliReady = Files.isExecutable(script) && Files.isRegularFile(jar);
        if ("cli".equals(launcher) || ("auto".equals(launcher) && cliReady)) {
            Requirements.require(cliReady, "jvde CLI not ready: needs executable " + script + " and " + jar
                + " (run `mvn -B package -DskipTests` or bin/jvde once)");
            command.add(script.toString());
            command.add("switch");
            // jvde switch serves DHCP by default; vde_switch does not. Tests compare the two, so DHCP is on only
            // when a test asks for it.
            if (options.stream().noneMatch(o -> o.startsWith("--dhcp") || o.equals("--no-dhcp"))) {
                command.add("--no-dhcp");
            }
        } else if ("engine".equals(launcher) || "auto".equals(launcher)) {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-cp");
            command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
            command.add(EngineMain.class.getName());
        } else {
            throw new IllegalArgumentException(LAUNCHER_PROPERTY + ": " + launcher + " (expected: cli, engine, auto)");
        }
        command.add("-s");
        command.add(directory.toString());
        command.addAll(options);
        final JvdeSwitchProcess sw = new JvdeSwitchProcess(directory, launch("jvde", netns, command));
        sw.awaitReady();
        return sw;
    }

    /** The launcher in use: {@code cli}, {@code engine} or {@code auto}. */
    static String launcher() {
        String v = System.getProperty(LAUNCHER_PROPERTY);
        if (v == null || v.isBlank()) {
            v = System.getenv("JVDE_LAUNCHER");
        }
        return v == null || v.isBlank() ? "auto" : v.trim();
    }
}
