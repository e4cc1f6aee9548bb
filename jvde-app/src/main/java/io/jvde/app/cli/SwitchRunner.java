package io.jvde.app.cli;

import io.jvde.app.ProcessSettings;

import java.io.PrintWriter;

/** Runs a switch process described by parsed options; tests substitute one that records the settings. */
@FunctionalInterface
interface SwitchRunner {
    /** Returns the process exit status; {@code err} is the command's error writer (log lines go there). */
    int run(ProcessSettings settings, PrintWriter err);
}
