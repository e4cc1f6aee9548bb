package io.jvde.dist;

import io.jvde.app.cli.CommandModels;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the release's AsciiDoc man pages (one per command and subcommand) and bash completion scripts from the
 * picocli models, so they cannot drift from the options the launchers accept. Run at package time:
 * {@code CliDocs MAN_DIR COMPLETION_DIR}; the pom turns the AsciiDoc into troff.
 */
public final class CliDocs {
    private CliDocs() {
    }

    public static void main(final String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: CliDocs MAN_DIR COMPLETION_DIR");
        }
        final Path man = Files.createDirectories(Path.of(args[0]));
        final Path completion = Files.createDirectories(Path.of(args[1]));
        final CommandLine jvde = CommandModels.jvde();
        final CommandLine vdeSwitch = CommandModels.vdeSwitch();
        final int status = ManPageGenerator.generateManPage(man.toFile(), null, new boolean[0], true,
            jvde.getCommandSpec(), vdeSwitch.getCommandSpec());
        if (status != 0) {
            throw new IOException("man page generation failed with status " + status);
        }
        write(completion.resolve("jvde"), AutoComplete.bash("jvde", jvde));
        write(completion.resolve("vde_switch"), AutoComplete.bash("vde_switch", vdeSwitch));
    }

    private static void write(final Path file, final String text) throws IOException {
        Files.writeString(file, text);
        final File f = file.toFile();
        if (!f.isFile()) {
            throw new IOException("not written: " + file);
        }
    }
}
