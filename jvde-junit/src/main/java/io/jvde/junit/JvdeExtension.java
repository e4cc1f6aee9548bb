package io.jvde.junit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A jvde switch for JUnit 5 tests:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final JvdeExtension JVDE = JvdeExtension.perClass(Jvde.builder().vlans(10));
 *
 * @Test
 * void guestGetsALease() {
 *     List<String> nic = JVDE.qemuNetdevArgs(1, 10);
 *     ...
 *     JVDE.awaitLease("52:54:00:00:00:01", Duration.ofSeconds(60));
 * }
 * }</pre>
 *
 * {@link #perClass} starts the switch before the class's first test and stops it after the last (on a static
 * field; on an instance field it lives for one test). {@link #shared} keeps one switch per key for the whole run in
 * the root context's store, stopped when the run ends. Test methods may also take a {@link Jvde} parameter.
 */
public final class JvdeExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(JvdeExtension.class);

    private final Jvde.Builder builder;
    private final String sharedKey;
    private Jvde jvde;
    private boolean perTest;

    private JvdeExtension(final Jvde.Builder builder, final String sharedKey) {
        this.builder = Objects.requireNonNull(builder);
        this.sharedKey = sharedKey;
    }

    /** One switch per test class (static field) or per test (instance field). */
    public static JvdeExtension perClass(final Jvde.Builder builder) {
        return new JvdeExtension(builder, null);
    }

    /** One switch for every class that registers {@code key}, started once and stopped at the end of the run. */
    public static JvdeExtension shared(final String key, final Jvde.Builder builder) {
        return new JvdeExtension(builder, Objects.requireNonNull(key));
    }

    @Override
    public void beforeAll(final ExtensionContext context) {
        jvde = sharedKey == null ? builder.start() : shared(context);
    }

    @Override
    public void beforeEach(final ExtensionContext context) {
        if (jvde == null) {
            jvde = sharedKey == null ? builder.start() : shared(context);
            perTest = sharedKey == null;
        }
    }

    @Override
    public void afterEach(final ExtensionContext context) {
        if (perTest) {
            stop();
        }
    }

    @Override
    public void afterAll(final ExtensionContext context) {
        if (sharedKey == null) {
            stop();
        } else {
            jvde = null;
        }
    }

    private void stop() {
        if (jvde != null) {
            jvde.close();
            jvde = null;
        }
    }

    private Jvde shared(final ExtensionContext context) {
        // The root store closes its AutoCloseable values when the run ends.
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(sharedKey, k -> builder.start(), Jvde.class);
    }

    @Override
    public boolean supportsParameter(final ParameterContext parameter, final ExtensionContext context) {
        return parameter.getParameter().getType() == Jvde.class;
    }

    @Override
    public Object resolveParameter(final ParameterContext parameter, final ExtensionContext context) {
        return jvde();
    }

    /** The running switch; fails outside a test's life cycle. */
    public Jvde jvde() {
        if (jvde == null) {
            throw new IllegalStateException("the jvde switch runs only while the tests of its class run");
        }
        return jvde;
    }

    public Path socketPath() {
        return jvde().socketPath();
    }

    public Path mgmtPath() {
        return jvde().mgmtPath();
    }

    public List<String> qemuNetdevArgs(final int port, final int vlan) {
        return jvde().qemuNetdevArgs(port, vlan);
    }

    public Lease awaitLease(final String mac, final Duration timeout) {
        return jvde().awaitLease(mac, timeout);
    }

    public List<Lease> leases() {
        return jvde().leases();
    }

    public List<JvdeEvent> events() {
        return jvde().events();
    }

    public JvdeEvent awaitEvent(final Predicate<? super JvdeEvent> match, final Duration timeout) {
        return jvde().awaitEvent(match, timeout);
    }

    public List<LogLine> logLines() {
        return jvde().logLines();
    }

    public Jvde.Capture capture(final Path file, final int... ports) {
        return jvde().capture(file, ports);
    }

    public List<String> console(final String command) {
        return jvde().console(command);
    }
}
