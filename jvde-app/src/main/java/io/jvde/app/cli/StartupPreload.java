package io.jvde.app.cli;

import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativeMemory;
import io.netty.buffer.Unpooled;

import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.util.zip.CRC32C;

/**
 * Start-up work that does not depend on the command line, done on a second thread while the main thread parses it:
 * on two cores the two overlap, so {@code ctl} is ready that much sooner (BENCHMARKS.md, start-up rounds 4-7).
 * <ol>
 *   <li>The native functions: jffi's JNI stub and its set-up, which includes {@code java.util.logging}
 *   (~40-60 ms of CPU), and jffi's native memory access (~4 ms). The main thread needs them first, when the engine
 *   opens {@code ctl}.</li>
 *   <li>For a switch start, then, slow class initialisers the start meets later, in the order it meets them: the
 *   JDK's socket channels (the {@code events} socket: a {@code SecureRandom}, the network properties, the socket
 *   options; ~15 ms), netty's platform probing (DHCP's buffers; ~13 ms) and the lease journal's CRC32C tables
 *   (~1.5 ms). A switch started without DHCP or observability has spent that CPU on the other core for
 *   nothing.</li>
 * </ol>
 * Nothing is shared but class initialisation, which the JVM orders: whichever thread gets to a class first initialises
 * it, and the other waits on its initialisation lock and then finds it done. A failure here is left for the main
 * thread to meet and report.
 */
final class StartupPreload extends Thread {
    private final boolean switchStart;

    private StartupPreload(final boolean switchStart) {
        super("jvde-startup-preload");
        this.switchStart = switchStart;
        setDaemon(true);
    }

    /** Starts the preload: the native binding, and for {@code switchStart} the switch's class initialisers. */
    static void start(final boolean switchStart) {
        new StartupPreload(switchStart).start();
    }

    @Override
    public void run() {
        try {
            Native.libc();
            Class.forName(NativeMemory.class.getName(), true, NativeMemory.class.getClassLoader()); // jffi's MemoryIO
        } catch (final Throwable e) {
            // reported by the main thread when it binds (same class initialiser, same error)
        }
        if (!switchStart) {
            return;
        }
        try {
            ServerSocketChannel.open(StandardProtocolFamily.UNIX).close();
            ServerSocketChannel.open().close(); // an IP socket: the socket options' initialiser, which a bind needs
        } catch (final Throwable e) {
            // met again by the observability set-up
        }
        try {
            Class.forName(Unpooled.class.getName(), true, Unpooled.class.getClassLoader());
            Class.forName(CRC32C.class.getName(), true, null);
        } catch (final Throwable e) {
            // met again by the DHCP set-up
        }
    }
}
