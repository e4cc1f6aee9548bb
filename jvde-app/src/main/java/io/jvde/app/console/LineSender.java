package io.jvde.app.console;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends text lines to one slow consumer (an event-stream client, a console session with {@code debug/add}) from
 * its own thread: {@link #offer} never blocks (the loop thread calls it); a line that does not fit the bounded
 * queue is dropped and counted, and the consumer is told how many before the next line it gets.
 */
public final class LineSender implements AutoCloseable {
    /** Where lines go; may block. */
    @FunctionalInterface
    public interface Output {
        void write(String text) throws IOException;
    }

    /** Formats the notice of {@code lost} lines dropped since the last one delivered. */
    @FunctionalInterface
    public interface LostNotice {
        String text(long lost);
    }

    private static final String STOP = new String("stop");
    private final BlockingQueue<String> queue;
    private final Output output;
    private final LostNotice notice;
    private final AtomicLong lost = new AtomicLong();
    private final Thread thread;
    private final Runnable onEnd;
    private volatile boolean closed;

    public LineSender(final String name, final int capacity, final Output output, final LostNotice notice,
                      final Runnable onEnd) {
        this.queue = new ArrayBlockingQueue<>(capacity + 1);
        this.output = output;
        this.notice = notice;
        this.onEnd = onEnd;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues one line (any thread, never blocks); false when it was dropped. */
    public boolean offer(final String line) {
        if (closed || queue.remainingCapacity() <= 1 || !queue.offer(line)) {
            lost.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Lines dropped so far and not yet reported. */
    public long lost() {
        return lost.get();
    }

    public boolean isOpen() {
        return !closed && thread.isAlive();
    }

    private void run() {
        try {
            while (!closed) {
                final String line = queue.poll(200, TimeUnit.MILLISECONDS);
                if (line == null) {
                    continue;
                }
                if (line == STOP) {
                    break;
                }
                final long n = lost.getAndSet(0);
                if (n > 0 && notice != null) {
                    output.write(notice.text(n));
                }
                output.write(line);
            }
        } catch (IOException | InterruptedException e) {
            // the consumer went away (or we are closing): stop sending
        } finally {
            closed = true;
            queue.clear();
            if (onEnd != null) {
                onEnd.run();
            }
        }
    }

    /** Stops the thread after the lines already queued... at most a moment later. */
    @Override
    public void close() {
        if (!closed) {
            queue.offer(STOP);
        }
        closed = true;
        thread.interrupt();
    }
}
