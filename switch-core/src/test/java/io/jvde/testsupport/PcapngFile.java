package io.jvde.testsupport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A minimal little-endian pcapng reader for tests: interfaces (name, description), packets, and isb_ifdrop. */
public final class PcapngFile {
    /** One Enhanced Packet Block. */
    public record Packet(int interfaceId, long timestampNanos, byte[] data, int flags) {
    }

    public final List<String> interfaceNames = new ArrayList<>();
    public final List<String> interfaceDescriptions = new ArrayList<>();
    public final List<Packet> packets = new ArrayList<>();
    /** Per interface id: the last isb_ifdrop seen, or -1. */
    public final List<Long> interfaceDrops = new ArrayList<>();

    private PcapngFile() {
    }

    /** Parses a whole pcapng stream; throws on a malformed block. */
    public static PcapngFile parse(final byte[] bytes) {
        final PcapngFile f = new PcapngFile();
        final ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        while (b.remaining() >= 12) {
            final int start = b.position();
            final int type = b.getInt(start);
            final int total = b.getInt(start + 4);
            if (total < 12 || (total & 3) != 0 || start + total > bytes.length
                || b.getInt(start + total - 4) != total) {
                throw new IllegalArgumentException("bad block at " + start + " type " + type + " length " + total);
            }
            final ByteBuffer body = ByteBuffer.wrap(bytes, start + 8, total - 12).slice().order(ByteOrder.LITTLE_ENDIAN);
            switch (type) {
                case 0x0A0D0D0A:
                    if (body.getInt(0) != 0x1A2B3C4D) {
                        throw new IllegalArgumentException("byte-order magic");
                    }
                    break;
                case 1: {
                    if ((body.getShort(0) & 0xFFFF) != 1) {
                        throw new IllegalArgumentException("link type " + body.getShort(0));
                    }
                    String name = null;
                    String description = null;
                    int tsresol = -1;
                    int p = 8;
                    while (p + 4 <= body.limit()) {
                        final int code = body.getShort(p) & 0xFFFF;
                        final int len = body.getShort(p + 2) & 0xFFFF;
                        if (code == 0) {
                            break;
                        }
                        final byte[] v = Arrays.copyOfRange(bytes, start + 8 + p + 4, start + 8 + p + 4 + len);
                        if (code == 2) {
                            name = new String(v, StandardCharsets.UTF_8);
                        } else if (code == 3) {
                            description = new String(v, StandardCharsets.UTF_8);
                        } else if (code == 9) {
                            tsresol = v[0];
                        }
                        p += 4 + ((len + 3) & ~3);
                    }
                    if (tsresol != 9) {
                        throw new IllegalArgumentException("if_tsresol " + tsresol + " (expected 9)");
                    }
                    f.interfaceNames.add(name);
                    f.interfaceDescriptions.add(description);
                    f.interfaceDrops.add(-1L);
                    break;
                }
                case 6: {
                    final int id = body.getInt(0);
                    final long ts = ((long) body.getInt(4) << 32) | (body.getInt(8) & 0xFFFFFFFFL);
                    final int cap = body.getInt(12);
                    final byte[] data = Arrays.copyOfRange(bytes, start + 28, start + 28 + cap);
                    int flags = -1;
                    int p = 20 + ((cap + 3) & ~3);
                    while (p + 4 <= body.limit()) {
                        final int code = body.getShort(p) & 0xFFFF;
                        final int len = body.getShort(p + 2) & 0xFFFF;
                        if (code == 0) {
                            break;
                        }
                        if (code == 2) {
                            flags = body.getInt(p + 4);
                        }
                        p += 4 + ((len + 3) & ~3);
                    }
                    if (id >= f.interfaceNames.size()) {
                        throw new IllegalArgumentException("packet of undescribed interface " + id);
                    }
                    f.packets.add(new Packet(id, ts, data, flags));
                    break;
                }
                case 5: {
                    final int id = body.getInt(0);
                    int p = 12;
                    while (p + 4 <= body.limit()) {
                        final int code = body.getShort(p) & 0xFFFF;
                        final int len = body.getShort(p + 2) & 0xFFFF;
                        if (code == 0) {
                            break;
                        }
                        if (code == 5) {
                            f.interfaceDrops.set(id, body.getLong(p + 4));
                        }
                        p += 4 + ((len + 3) & ~3);
                    }
                    break;
                }
                default:
                    break;
            }
            b.position(start + total);
        }
        if (b.hasRemaining()) {
            throw new IllegalArgumentException(b.remaining() + " trailing bytes");
        }
        return f;
    }

    /** The interface id named {@code port N}, or -1. */
    public int interfaceOf(final int port) {
        return interfaceNames.indexOf("port " + port);
    }

    /** The frames captured on {@code port}, in order. */
    public List<byte[]> framesOf(final int port) {
        final int id = interfaceOf(port);
        final List<byte[]> out = new ArrayList<>();
        for (final Packet p : packets) {
            if (p.interfaceId() == id) {
                out.add(p.data());
            }
        }
        return out;
    }
}
