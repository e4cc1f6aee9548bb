package io.jvde.dhcp.lease;

import io.jvde.primitives.Hash64;
import io.jvde.primitives.LongIntTable;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The leases of one scope, owned by the event-loop thread. Records live in parallel primitive arrays indexed by a
 * slot; two hash maps find a slot by client key and by address; a {@link PoolBitmap} over the {@link AddressPool}
 * finds a never-used address; a min-heap on expiry time drives offers, leases and quarantines; an LRU list holds
 * released and expired records, which keep their client's affinity until the pool has no untouched address left.
 * Every operation is O(1) or O(log n) in the number of leases and independent of the pool size.
 *
 * <p>Address choice for a DISCOVER follows RFC 2131 §4.3.1: the client's current binding, then its previous
 * (released or expired) one, then the requested address if free, then a free address at or after a position
 * derived from a hash of the client key, so the choice does not depend on arrival order; only when no address was
 * ever free does the oldest released or expired record lose its address.
 */
public final class ScopeLeases {
    /** Slot not in use. */
    public static final int NONE = 0;
    /** Set aside for a client after an OFFER, until the hold expires. */
    public static final int OFFERED = 1;
    /** Leased (ACK sent). */
    public static final int BOUND = 2;
    /** Given back by DHCPRELEASE; the client keeps the affinity. */
    public static final int RELEASED = 3;
    /** Lease or offer ran out; the client keeps the affinity. */
    public static final int EXPIRED = 4;
    /** Quarantined after DHCPDECLINE; belongs to no client. */
    public static final int DECLINED = 5;
    private static final String[] STATE_NAMES = {"none", "offered", "bound", "released", "expired", "declined"};

    /** Where an offered address came from, for the "why" of a log line. */
    public static final int SOURCE_CURRENT = 1;
    public static final int SOURCE_PREVIOUS = 2;
    public static final int SOURCE_REQUESTED = 3;
    public static final int SOURCE_HASH = 4;
    public static final int SOURCE_RECLAIMED = 5;
    public static final int SOURCE_FIXED = 6;

    /** Key of quarantine records: never a client key, never in the key map. */
    private static final long NO_KEY = LongIntTable.EMPTY;

    private final int vid;
    private final AddressPool pool;
    private final PoolBitmap used;
    private final LongIntTable reserved;
    private int[] reservedList;
    private final LongIntTable byKey;
    private final LongIntTable byAddress;
    private final boolean keyByClientId;
    private final long seed;
    private LeaseJournal journal;

    private long[] key;
    private long[] mac;
    private int[] address;
    private byte[] state;
    private byte[] prevState;
    private long[] expiresAt;
    private int[] heapPos;
    private int[] lruPrev;
    private int[] lruNext;
    private byte[][] clientId;
    private byte[][] hostname;
    private int[] freeSlots;
    private int freeCount;
    private int highWater;

    private int[] heap;
    private int heapSize;
    private int lruHead = -1;
    private int lruTail = -1;
    private final int[] stateCounts = new int[STATE_NAMES.length];
    private int lastSource;
    private ExpiryListener expiryListener;

    /** Told of each bound lease whose time ran out, once, when {@link #expire} moves it (loop thread). */
    @FunctionalInterface
    public interface ExpiryListener {
        /**
         * The lease of {@code mac} on {@code address} in VLAN {@code vid} expired; {@code hostname} is option 12 as
         * the client last sent it, or null (the table's own array: read it, do not keep or change it). Must not
         * call back into the table.
         */
        void expired(int vid, int address, long mac, byte[] hostname);
    }

    /** Reports expiring bound leases to {@code listener} (null: to nobody). */
    public void onExpiry(final ExpiryListener listener) {
        this.expiryListener = listener;
    }

    /**
     * @param vid               VLAN of the scope (stored in journal records)
     * @param pool              dynamic addresses
     * @param reservedAddresses fixed addresses of reservations, kept out of dynamic allocation
     * @param keyByClientId     key clients by option 61 when present (otherwise by MAC)
     * @param journal           where changes go
     */
    public ScopeLeases(final int vid, final AddressPool pool, final int[] reservedAddresses,
                       final boolean keyByClientId, final LeaseJournal journal) {
        this.vid = vid;
        this.pool = pool;
        this.used = new PoolBitmap(pool.size());
        this.reserved = new LongIntTable(reservedAddresses.length);
        this.reservedList = reservedAddresses.clone();
        for (final int a : reservedAddresses) {
            reserved.put(a & 0xFFFF_FFFFL, 1);
            final int index = pool.indexOf(a);
            if (index >= 0) {
                used.set(index);
            }
        }
        this.reservedList = reservedAddresses.clone();
        final int initial = Math.min(1024, Math.max(16, pool.size()));
        this.byKey = new LongIntTable(initial);
        this.byAddress = new LongIntTable(initial);
        this.keyByClientId = keyByClientId;
        this.seed = Hash64.mix(0x9E3779B97F4A7C15L * (vid + 1));
        this.journal = journal;
        allocate(initial);
    }

    private void allocate(final int capacity) {
        key = new long[capacity];
        mac = new long[capacity];
        address = new int[capacity];
        state = new byte[capacity];
        prevState = new byte[capacity];
        expiresAt = new long[capacity];
        heapPos = new int[capacity];
        lruPrev = new int[capacity];
        lruNext = new int[capacity];
        clientId = new byte[capacity][];
        hostname = new byte[capacity][];
        freeSlots = new int[capacity];
        heap = new int[capacity];
    }

    private void grow() {
        final int capacity = key.length * 2;
        key = Arrays.copyOf(key, capacity);
        mac = Arrays.copyOf(mac, capacity);
        address = Arrays.copyOf(address, capacity);
        state = Arrays.copyOf(state, capacity);
        prevState = Arrays.copyOf(prevState, capacity);
        expiresAt = Arrays.copyOf(expiresAt, capacity);
        heapPos = Arrays.copyOf(heapPos, capacity);
        lruPrev = Arrays.copyOf(lruPrev, capacity);
        lruNext = Arrays.copyOf(lruNext, capacity);
        clientId = Arrays.copyOf(clientId, capacity);
        hostname = Arrays.copyOf(hostname, capacity);
        freeSlots = Arrays.copyOf(freeSlots, capacity);
        heap = Arrays.copyOf(heap, capacity);
    }

    /**
     * Replaces the set of reservation addresses kept out of dynamic allocation (live reconfiguration). A dynamic
     * lease already on a newly reserved address stays until its client renews, which is then NAKed.
     */
    public void reserve(final int[] addresses) {
        for (final int a : reservedList) {
            reserved.remove(a & 0xFFFF_FFFFL);
            final int index = pool.indexOf(a);
            if (index >= 0 && owner(a) < 0) {
                used.clear(index);
            }
        }
        for (final int a : addresses) {
            reserved.put(a & 0xFFFF_FFFFL, 1);
            final int index = pool.indexOf(a);
            if (index >= 0) {
                used.set(index);
            }
        }
        reservedList = addresses.clone();
    }

    void journal(final LeaseJournal value) {
        this.journal = value;
    }

    public int vid() {
        return vid;
    }

    public AddressPool pool() {
        return pool;
    }

    public boolean keyByClientId() {
        return keyByClientId;
    }

    /** The key of a client in this scope: its client-id when so configured and present, else its MAC. */
    public long keyOf(final long clientMac, final ByteBuf buf, final int clientIdOffset, final int clientIdLength) {
        if (keyByClientId && clientIdLength > 0) {
            return ClientKeys.ofClientId(buf, clientIdOffset, clientIdLength);
        }
        return ClientKeys.ofMac(clientMac);
    }

    long keyOf(final long clientMac, final byte[] id) {
        if (keyByClientId && id != null && id.length > 0) {
            return ClientKeys.ofClientId(id);
        }
        return ClientKeys.ofMac(clientMac);
    }

    // ---------------------------------------------------------------- queries

    /** Slot of the client's record, or -1. */
    public int lookup(final long clientKey) {
        return byKey.get(clientKey);
    }

    /** Slot of the record holding {@code addr}, or -1. */
    public int owner(final int addr) {
        return byAddress.get(addr & 0xFFFF_FFFFL);
    }

    public int state(final int slot) {
        return state[slot];
    }

    public int address(final int slot) {
        return address[slot];
    }

    public long expiresAt(final int slot) {
        return expiresAt[slot];
    }

    public long mac(final int slot) {
        return mac[slot];
    }

    /**
     * The client's name as it last sent it (option 81's, else option 12's), or null: the table's own array, to read
     * at once and not change.
     */
    public byte[] hostnameBytes(final int slot) {
        return hostname[slot];
    }

    /**
     * The client's name as it last sent it (ASCII): option 81's name (RFC 4702) when it had one, else option 12; or
     * null. For DNS names that follow leases.
     */
    public String hostnameText(final int slot) {
        final byte[] h = hostname[slot];
        return h == null ? null : new String(h, java.nio.charset.StandardCharsets.US_ASCII);
    }

    public long key(final int slot) {
        return key[slot];
    }

    /** True when the record's stored client-id equals the bytes given (both absent counts as equal). */
    public boolean clientIdEquals(final int slot, final ByteBuf buf, final int offset, final int length) {
        final byte[] id = clientId[slot];
        if (id == null || length <= 0) {
            return id == null && length <= 0;
        }
        if (id.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (id[i] != buf.getByte(offset + i)) {
                return false;
            }
        }
        return true;
    }

    /** How the address of the last {@link #offer} or {@link #offerFixed} was chosen ({@code SOURCE_*}). */
    public int lastSource() {
        return lastSource;
    }

    /** True for an address the scope may hand out dynamically: in the pool and not reserved. */
    public boolean dynamic(final int addr) {
        return pool.indexOf(addr) >= 0 && reserved.get(addr & 0xFFFF_FFFFL) < 0;
    }

    public boolean reserved(final int addr) {
        return reserved.get(addr & 0xFFFF_FFFFL) >= 0;
    }

    /**
     * True when {@code clientKey} may be bound to {@code addr}: the address has no record and is dynamic (or
     * {@code fixed}, i.e. the client's reservation), or the record is the client's own, or it is a released or
     * expired record of another client (a client actually using the address wins over a dormant affinity).
     */
    public boolean availableFor(final long clientKey, final int addr, final boolean fixed) {
        final int owner = owner(addr);
        if (owner < 0) {
            return fixed || dynamic(addr);
        }
        if (key[owner] == clientKey) {
            return true;
        }
        return reclaimable(owner);
    }

    private boolean reclaimable(final int slot) {
        return state[slot] == RELEASED || state[slot] == EXPIRED;
    }

    /** Number of records in {@code st} ({@code OFFERED}, {@code BOUND}, ...). */
    public int count(final int st) {
        return stateCounts[st];
    }

    /** Records of any state. */
    public int size() {
        return highWater - freeCount;
    }

    // ---------------------------------------------------------------- operations

    /**
     * RFC 2131 §4.3.1 address selection for a DISCOVER; sets the address aside until {@code holdUntil}. Returns
     * the address, or 0 when the pool is exhausted. {@link #lastSource()} says why.
     */
    public int offer(final long clientKey, final long clientMac, final int requested, final long now,
                     final long holdUntil) {
        expire(now);
        final int slot = byKey.get(clientKey);
        if (slot >= 0) {
            final int st = state[slot];
            if (st == BOUND) {
                lastSource = SOURCE_CURRENT;
                return address[slot];
            }
            if (st == OFFERED) {
                transition(slot, OFFERED, holdUntil);
                lastSource = SOURCE_PREVIOUS;
                return address[slot];
            }
            if (dynamic(address[slot])) {
                prevState[slot] = (byte) st;
                transition(slot, OFFERED, holdUntil);
                lastSource = SOURCE_PREVIOUS;
                return address[slot];
            }
            delete(slot);
        }
        if (requested != 0 && owner(requested) < 0 && dynamic(requested)) {
            create(clientKey, clientMac, requested, OFFERED, holdUntil);
            lastSource = SOURCE_REQUESTED;
            return requested;
        }
        if (pool.size() > 0) {
            final int start = (int) Long.remainderUnsigned(Hash64.mix(clientKey ^ seed), pool.size());
            int index = used.nextClear(start);
            if (index < 0) {
                index = used.nextClear(0);
            }
            if (index >= 0) {
                final int addr = pool.addressAt(index);
                create(clientKey, clientMac, addr, OFFERED, holdUntil);
                lastSource = SOURCE_HASH;
                return addr;
            }
        }
        if (lruHead >= 0) {
            final int addr = address[lruHead];
            delete(lruHead);
            create(clientKey, clientMac, addr, OFFERED, holdUntil);
            lastSource = SOURCE_RECLAIMED;
            return addr;
        }
        return 0;
    }

    /**
     * Sets a reservation's fixed address aside for its client. False when another client holds it bound or
     * offered, or it is quarantined.
     */
    public boolean offerFixed(final long clientKey, final long clientMac, final int addr, final long now,
                              final long holdUntil) {
        expire(now);
        int slot = byKey.get(clientKey);
        if (slot >= 0 && address[slot] != addr) {
            delete(slot); // the client moves to its reservation
            slot = -1;
        }
        final int owner = owner(addr);
        if (owner >= 0 && owner != slot) {
            if (!reclaimable(owner)) {
                return false;
            }
            delete(owner);
        }
        lastSource = SOURCE_FIXED;
        if (slot < 0) {
            create(clientKey, clientMac, addr, OFFERED, holdUntil);
        } else if (state[slot] != BOUND) {
            prevState[slot] = state[slot] == OFFERED ? prevState[slot] : state[slot];
            transition(slot, OFFERED, holdUntil);
        }
        return true;
    }

    /**
     * Binds {@code addr} to the client until {@code until} and appends the journal record; the caller checked
     * {@link #availableFor}. Any other record of the client, and a dormant record of another client on the
     * address, is dropped. Client-id and host name bytes are copied only when they changed. Returns the journal
     * sequence the acknowledging reply must wait for.
     */
    public long bind(final long clientKey, final long clientMac, final int addr, final long now, final long until,
                     final ByteBuf buf, final int clientIdOffset, final int clientIdLength, final int hostOffset,
                     final int hostLength) {
        return bind(clientKey, clientMac, addr, now, until, buf, clientIdOffset, clientIdLength, buf, hostOffset,
            hostLength);
    }

    /** As above, with the client's name ({@code hostLength} ASCII bytes) in {@code hostBuf}. */
    public long bind(final long clientKey, final long clientMac, final int addr, final long now, final long until,
                     final ByteBuf buf, final int clientIdOffset, final int clientIdLength, final ByteBuf hostBuf,
                     final int hostOffset, final int hostLength) {
        expire(now);
        final int slot = place(clientKey, clientMac, addr, until);
        clientId[slot] = update(clientId[slot], buf, clientIdOffset, clientIdLength);
        hostname[slot] = update(hostname[slot], hostBuf, hostOffset, hostLength);
        return journal.append(LeaseJournal.BIND, vid, addr, clientMac, until, clientId[slot], hostname[slot]);
    }

    private int place(final long clientKey, final long clientMac, final int addr, final long until) {
        int slot = byKey.get(clientKey);
        if (slot >= 0 && address[slot] != addr) {
            delete(slot);
            slot = -1;
        }
        final int owner = owner(addr);
        if (owner >= 0 && owner != slot) {
            delete(owner);
        }
        if (slot < 0) {
            return create(clientKey, clientMac, addr, BOUND, until);
        }
        mac[slot] = clientMac;
        transition(slot, BOUND, until);
        return slot;
    }

    private static byte[] update(final byte[] old, final ByteBuf buf, final int offset, final int length) {
        if (length <= 0) {
            return null;
        }
        if (old != null && old.length == length) {
            boolean same = true;
            for (int i = 0; i < length && same; i++) {
                same = old[i] == buf.getByte(offset + i);
            }
            if (same) {
                return old;
            }
        }
        final byte[] copy = new byte[length];
        buf.getBytes(offset, copy);
        return copy;
    }

    /**
     * DHCPRELEASE (RFC 2131 §4.3.4): the client's bound or offered address becomes free but stays associated with
     * the client. Returns the journal sequence, or -1 when the client holds no such address.
     */
    public long release(final long clientKey, final int addr, final long now) {
        expire(now);
        final int slot = byKey.get(clientKey);
        if (slot < 0 || address[slot] != addr || (state[slot] != BOUND && state[slot] != OFFERED)) {
            return -1;
        }
        final long m = mac[slot];
        final byte[] id = clientId[slot];
        final byte[] host = hostname[slot];
        if (dynamic(addr)) {
            transition(slot, RELEASED, now);
        } else {
            delete(slot); // a reservation provides the affinity itself
        }
        return journal.append(LeaseJournal.RELEASE, vid, addr, m, now, id, host);
    }

    /**
     * DHCPDECLINE (RFC 2131 §4.3.3): the client found {@code addr} in use, so it is quarantined until
     * {@code until} and the client loses its affinity to it. Returns the journal sequence, or -1 when the address
     * is not the client's.
     */
    public long decline(final long clientKey, final int addr, final long now, final long until) {
        expire(now);
        final int owner = owner(addr);
        if (owner < 0 || key[owner] != clientKey) {
            return -1;
        }
        final long m = mac[owner];
        delete(owner);
        if (until > now) {
            create(NO_KEY, 0, addr, DECLINED, until);
        }
        return journal.append(LeaseJournal.DECLINE, vid, addr, m, until, null, null);
    }

    /** The client chose another server (RFC 2131 §4.3.2 SELECTING): undo our offer. */
    public void cancelOffer(final long clientKey, final long now) {
        final int slot = byKey.get(clientKey);
        if (slot < 0 || state[slot] != OFFERED) {
            return;
        }
        final int before = prevState[slot];
        if ((before == RELEASED || before == EXPIRED) && dynamic(address[slot])) {
            transition(slot, before, now);
        } else {
            delete(slot);
        }
    }

    /** Administrative release (console): like a DHCPRELEASE of whichever client holds {@code addr}. */
    public long releaseAddress(final int addr, final long now) {
        final int slot = owner(addr);
        if (slot < 0 || key[slot] == NO_KEY) {
            return -1;
        }
        return release(key[slot], addr, now);
    }

    /** Administrative delete (console): forgets the record on {@code addr}, affinity and quarantine included. */
    public long remove(final int addr) {
        final int slot = owner(addr);
        if (slot < 0) {
            return -1;
        }
        final long m = mac[slot];
        delete(slot);
        return journal.append(LeaseJournal.FREE, vid, addr, m, 0, null, null);
    }

    /** Moves every record whose time has come: offers and leases to EXPIRED, quarantines to free. */
    public int expire(final long now) {
        int n = 0;
        while (heapSize > 0 && expiresAt[heap[0]] <= now) {
            final int slot = heap[0];
            if (state[slot] == BOUND && expiryListener != null) {
                expiryListener.expired(vid, address[slot], mac[slot], hostname[slot]);
            }
            if (state[slot] == DECLINED || !dynamic(address[slot])) {
                delete(slot);
            } else {
                transition(slot, EXPIRED, expiresAt[slot]);
            }
            n++;
        }
        return n;
    }

    // ---------------------------------------------------------------- replay and snapshot

    void replay(final int type, final int addr, final long clientMac, final long time, final byte[] id,
                final byte[] host) {
        final long k = keyOf(clientMac, id);
        switch (type) {
            case LeaseJournal.BIND: {
                final int slot = place(k, clientMac, addr, time);
                clientId[slot] = id;
                hostname[slot] = host;
                break;
            }
            case LeaseJournal.RELEASE: {
                final int slot = byKey.get(k);
                if (slot >= 0 && address[slot] == addr) {
                    if (dynamic(addr)) {
                        transition(slot, RELEASED, time);
                    } else {
                        delete(slot);
                    }
                } else if (slot < 0 && owner(addr) < 0 && dynamic(addr)) {
                    final int created = create(k, clientMac, addr, RELEASED, time);
                    clientId[created] = id;
                    hostname[created] = host;
                }
                break;
            }
            case LeaseJournal.DECLINE: {
                final int owner = owner(addr);
                if (owner >= 0) {
                    delete(owner);
                }
                create(NO_KEY, 0, addr, DECLINED, time);
                break;
            }
            case LeaseJournal.FREE: {
                final int owner = owner(addr);
                if (owner >= 0) {
                    delete(owner);
                }
                break;
            }
            default:
                break;
        }
    }

    /** Writes one record per lease worth keeping (bindings, affinities, quarantines) for compaction. */
    void snapshot(final LeaseJournal.Visitor out) {
        for (int slot = 0; slot < highWater; slot++) {
            final int st = state[slot];
            if (st == BOUND) {
                out.record(LeaseJournal.BIND, vid, address[slot], mac[slot], expiresAt[slot], clientId[slot],
                    hostname[slot]);
            } else if (st == RELEASED || st == EXPIRED) {
                out.record(LeaseJournal.RELEASE, vid, address[slot], mac[slot], expiresAt[slot], clientId[slot],
                    hostname[slot]);
            } else if (st == OFFERED && (prevState[slot] == RELEASED || prevState[slot] == EXPIRED)) {
                out.record(LeaseJournal.RELEASE, vid, address[slot], mac[slot], 0, clientId[slot],
                    hostname[slot]);
            } else if (st == DECLINED) {
                out.record(LeaseJournal.DECLINE, vid, address[slot], 0, expiresAt[slot], null, null);
            }
        }
    }

    /** A copy of every record, for the console; allocates, so never on the hot path. */
    public List<LeaseInfo> leases() {
        final List<LeaseInfo> list = new ArrayList<>(size());
        for (int slot = 0; slot < highWater; slot++) {
            if (state[slot] != NONE) {
                list.add(new LeaseInfo(vid, address[slot], mac[slot], STATE_NAMES[state[slot]], expiresAt[slot],
                    clientId[slot] == null ? null : clientId[slot].clone(),
                    hostname[slot] == null ? null : hostname[slot].clone()));
            }
        }
        return list;
    }

    public static String stateName(final int st) {
        return STATE_NAMES[st];
    }

    // ---------------------------------------------------------------- records, heap, LRU

    private int create(final long clientKey, final long clientMac, final int addr, final int st, final long time) {
        if (freeCount == 0 && highWater == key.length) {
            grow();
        }
        final int slot = freeCount > 0 ? freeSlots[--freeCount] : highWater++;
        key[slot] = clientKey;
        mac[slot] = clientMac;
        address[slot] = addr;
        state[slot] = NONE;
        prevState[slot] = NONE;
        heapPos[slot] = -1;
        lruPrev[slot] = -1;
        lruNext[slot] = -1;
        clientId[slot] = null;
        hostname[slot] = null;
        if (clientKey != NO_KEY) {
            byKey.put(clientKey, slot);
        }
        byAddress.put(addr & 0xFFFF_FFFFL, slot);
        final int index = pool.indexOf(addr);
        if (index >= 0) {
            used.set(index);
        }
        transition(slot, st, time);
        return slot;
    }

    private void delete(final int slot) {
        detach(slot);
        stateCounts[state[slot]]--;
        if (key[slot] != NO_KEY) {
            byKey.remove(key[slot]);
        }
        final int addr = address[slot];
        byAddress.remove(addr & 0xFFFF_FFFFL);
        final int index = pool.indexOf(addr);
        if (index >= 0 && !reserved(addr)) {
            used.clear(index);
        }
        state[slot] = NONE;
        clientId[slot] = null;
        hostname[slot] = null;
        freeSlots[freeCount++] = slot;
    }

    private void transition(final int slot, final int st, final long time) {
        detach(slot);
        if (state[slot] != NONE) {
            stateCounts[state[slot]]--;
        }
        state[slot] = (byte) st;
        stateCounts[st]++;
        expiresAt[slot] = time;
        if (st == OFFERED || st == BOUND || st == DECLINED) {
            heapPush(slot);
        } else if (st == RELEASED || st == EXPIRED) {
            lruAppend(slot);
        }
    }

    private void detach(final int slot) {
        if (heapPos[slot] >= 0) {
            heapRemove(slot);
        }
        if (lruPrev[slot] >= 0 || lruHead == slot) {
            lruRemove(slot);
        }
    }

    private void lruAppend(final int slot) {
        lruPrev[slot] = lruTail;
        lruNext[slot] = -1;
        if (lruTail >= 0) {
            lruNext[lruTail] = slot;
        } else {
            lruHead = slot;
        }
        lruTail = slot;
    }

    private void lruRemove(final int slot) {
        final int p = lruPrev[slot];
        final int n = lruNext[slot];
        if (p >= 0) {
            lruNext[p] = n;
        } else {
            lruHead = n;
        }
        if (n >= 0) {
            lruPrev[n] = p;
        } else {
            lruTail = p;
        }
        lruPrev[slot] = -1;
        lruNext[slot] = -1;
    }

    private void heapPush(final int slot) {
        heap[heapSize] = slot;
        heapPos[slot] = heapSize;
        heapSize++;
        siftUp(heapPos[slot]);
    }

    private void heapRemove(final int slot) {
        final int i = heapPos[slot];
        heapPos[slot] = -1;
        heapSize--;
        if (i == heapSize) {
            return;
        }
        final int last = heap[heapSize];
        heap[i] = last;
        heapPos[last] = i;
        siftUp(i);
        siftDown(heapPos[last]);
    }

    private void siftUp(final int from) {
        int i = from;
        final int slot = heap[i];
        final long t = expiresAt[slot];
        while (i > 0) {
            final int parent = (i - 1) >>> 1;
            final int p = heap[parent];
            if (expiresAt[p] <= t) {
                break;
            }
            heap[i] = p;
            heapPos[p] = i;
            i = parent;
        }
        heap[i] = slot;
        heapPos[slot] = i;
    }

    private void siftDown(final int from) {
        int i = from;
        final int slot = heap[i];
        final long t = expiresAt[slot];
        while (true) {
            final int left = 2 * i + 1;
            if (left >= heapSize) {
                break;
            }
            final int right = left + 1;
            final int child = right < heapSize && expiresAt[heap[right]] < expiresAt[heap[left]] ? right : left;
            if (expiresAt[heap[child]] >= t) {
                break;
            }
            heap[i] = heap[child];
            heapPos[heap[i]] = i;
            i = child;
        }
        heap[i] = slot;
        heapPos[slot] = i;
    }
}
