package io.jvde.app.console;

import io.jvde.sw.Errno;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Console scripts: rc files run at start-up (docs/protocol.md §5.8) and the {@code load} command. */
public final class Scripts {
    private Scripts() {
    }

    /**
     * Runs every line of {@code file} in a fresh script session, discarding output. Returns the session, so the
     * caller sees whether the script asked for {@code shutdown}. Lines whose status is not {@code 1000} are
     * reported through {@code failures} as {@code file:line: command: status}.
     *
     * @throws ConsoleException ENOENT/EACCES/EISDIR when the file cannot be read
     */
    public static ConsoleSession runRcFile(final Console console, final Path file, final Consumer<String> failures) {
        final ConsoleSession session = new ConsoleSession(ConsoleSession.Kind.SCRIPT);
        final List<String> lines = read(file);
        for (int i = 0; i < lines.size() && session.end() != ConsoleSession.End.SHUTDOWN; i++) {
            final String answer = console.execute(lines.get(i), session);
            final String status = lastLine(answer);
            if (!status.isEmpty() && !status.equals(Console.SUCCESS)) {
                failures.accept(file + ":" + (i + 1) + ": " + lines.get(i).strip() + ": " + status);
            }
        }
        return session;
    }

    /** Longest script read: `load /dev/zero` (or a huge file) must not fill the heap. */
    static final long MAX_SCRIPT_BYTES = 1 << 20;

    /** Reads a script; blank lines are dropped, comments kept (load echoes them). */
    static List<String> read(final Path file) {
        final List<String> raw;
        try {
            if (Files.exists(file) && !Files.isDirectory(file)) {
                if (!Files.isRegularFile(file)) {
                    throw new ConsoleException(Errno.EINVAL, file + ": not a regular file (expected: a script)");
                }
                if (Files.size(file) > MAX_SCRIPT_BYTES) {
                    throw new ConsoleException(Errno.E2BIG, file + ": " + Files.size(file) + " bytes (expected: at "
                        + "most " + MAX_SCRIPT_BYTES + ")");
                }
            }
            // ISO-8859-1 maps every byte, so a stray non-UTF-8 byte cannot make a script unreadable.
            raw = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (final NoSuchFileException e) {
            throw new ConsoleException(Errno.ENOENT, file + ": no such file");
        } catch (final AccessDeniedException e) {
            throw new ConsoleException(Errno.EACCES, file + ": permission denied");
        } catch (final IOException e) {
            final Errno errno = Files.isDirectory(file) ? Errno.EISDIR : Errno.EIO;
            throw new ConsoleException(errno, file + ": " + e.getMessage());
        }
        final List<String> lines = new ArrayList<>(raw.size());
        for (final String line : raw) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String lastLine(final String answer) {
        final String trimmed = answer.endsWith("\n") ? answer.substring(0, answer.length() - 1) : answer;
        return trimmed.substring(trimmed.lastIndexOf('\n') + 1);
    }
}
