package io.jvde.app.cli;

import io.jvde.app.ProcessSettings;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs an entry point with captured output and a runner that records the settings instead of starting a switch. */
final class CliFixture {
    static final int RUNNER_STATUS = 42;

    final Map<String, String> env = new HashMap<>();
    boolean root;
    ProcessSettings settings;
    int runs;
    private StringWriter out;
    private StringWriter err;

    CliFixture() {
        env.put("HOME", "/nonexistent-home");
    }

    private CliContext context() {
        return new CliContext(env, root, (s, e) -> {
            settings = s;
            runs++;
            return RUNNER_STATUS;
        });
    }

    int vdeSwitch(final String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return VdeSwitchMain.run(context(), Arrays.asList(args), new PrintWriter(out), new PrintWriter(err));
    }

    int jvde(final String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return JvdeMain.run(context(), List.of(args), new PrintWriter(out), new PrintWriter(err));
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
