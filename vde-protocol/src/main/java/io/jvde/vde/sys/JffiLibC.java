package io.jvde.vde.sys;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Library;
import com.kenai.jffi.Type;

/**
 * {@link LibC} over jffi's invokers: each method calls its C function through the JNI stub with a call context made
 * once (types, errno saved after the call), as the code jnr-ffi generated did, without generating it. jnr-ffi made a
 * class per interface at run time (ASM, reflection, ~40-50 ms of a start's CPU); this class is compiled and archived
 * like any other (docs/architecture.md §1, BENCHMARKS.md start-up round 6).
 *
 * <p>On x86-64 jffi calls a function whose arguments and result are all integers directly (no libffi). A Java
 * {@code int} passed as a 64-bit argument is read by C as its low 32 bits; a C {@code int} result is the low 32
 * bits of the register, hence the {@code (int)} casts.
 */
final class JffiLibC implements LibC {
    private static final Type I = Type.SINT32;
    private static final Type L = Type.SINT64;

    private static final CallContext I_VOID = ctx(I);
    private static final CallContext I_I = ctx(I, I);
    private static final CallContext I_II = ctx(I, I, I);
    private static final CallContext I_III = ctx(I, I, I, I);
    private static final CallContext I_ILI = ctx(I, I, L, I);
    private static final CallContext I_ILL = ctx(I, I, L, L);
    private static final CallContext I_ILLI = ctx(I, I, L, L, I);
    private static final CallContext I_ILII = ctx(I, I, L, I, I);
    private static final CallContext I_ILIIL = ctx(I, I, L, I, I, L);
    private static final CallContext I_IIIL = ctx(I, I, I, I, L);
    private static final CallContext I_IIILI = ctx(I, I, I, I, L, I);
    private static final CallContext I_IIILL = ctx(I, I, I, I, L, L);
    private static final CallContext I_LLI = ctx(I, L, L, I);
    private static final CallContext I_L = ctx(I, L);
    private static final CallContext I_LI = ctx(I, L, I);
    private static final CallContext I_LII = ctx(I, L, I, I);
    private static final CallContext I_LILL = ctx(I, L, I, L, L);
    private static final CallContext L_ILL = ctx(L, I, L, L);
    private static final CallContext L_ILLI = ctx(L, I, L, L, I);
    private static final CallContext L_ILI = ctx(L, I, L, I);
    private static final CallContext L_L = ctx(L, L);
    private static final CallContext L_I = ctx(L, I);

    private final Invoker invoker = Invoker.getInstance();
    private final long socket;
    private final long bind;
    private final long connect;
    private final long listen;
    private final long getsockname;
    private final long accept4;
    private final long read;
    private final long write;
    private final long recv;
    private final long send;
    private final long recvmmsg;
    private final long sendmmsg;
    private final long writev;
    private final long poll;
    private final long shutdown;
    private final long close;
    private final long epollCreate1;
    private final long epollCtl;
    private final long epollWait;
    private final long eventfd;
    private final long open;
    private final long ioctl;
    private final long fcntl;
    private final long setsockopt;
    private final long getsockopt;
    private final long chmod;
    private final long chown;
    private final long unlink;
    private final long access;
    private final long getgrnam;
    private final long getpwnam;
    private final long getpwuid;
    private final long getgrouplist;
    private final long ifNametoindex;
    private final long mkdir;
    private final long rmdir;
    private final long getuid;
    private final long geteuid;
    private final long getpid;
    private final long strerrorR;

    /** Binds every function of {@code library} (a name for dlopen); UnsatisfiedLinkError names what is missing. */
    JffiLibC(final String library) {
        final Library lib = Library.getCachedInstance(library, Library.LAZY | Library.LOCAL);
        if (lib == null) {
            throw new UnsatisfiedLinkError(library + ": " + Library.getLastError());
        }
        socket = symbol(lib, "socket");
        bind = symbol(lib, "bind");
        connect = symbol(lib, "connect");
        listen = symbol(lib, "listen");
        getsockname = symbol(lib, "getsockname");
        accept4 = symbol(lib, "accept4");
        read = symbol(lib, "read");
        write = symbol(lib, "write");
        recv = symbol(lib, "recv");
        send = symbol(lib, "send");
        recvmmsg = symbol(lib, "recvmmsg");
        sendmmsg = symbol(lib, "sendmmsg");
        writev = symbol(lib, "writev");
        poll = symbol(lib, "poll");
        shutdown = symbol(lib, "shutdown");
        close = symbol(lib, "close");
        epollCreate1 = symbol(lib, "epoll_create1");
        epollCtl = symbol(lib, "epoll_ctl");
        epollWait = symbol(lib, "epoll_wait");
        eventfd = symbol(lib, "eventfd");
        open = symbol(lib, "open");
        ioctl = symbol(lib, "ioctl");
        fcntl = symbol(lib, "fcntl");
        setsockopt = symbol(lib, "setsockopt");
        getsockopt = symbol(lib, "getsockopt");
        chmod = symbol(lib, "chmod");
        chown = symbol(lib, "chown");
        unlink = symbol(lib, "unlink");
        access = symbol(lib, "access");
        getgrnam = symbol(lib, "getgrnam");
        getpwnam = symbol(lib, "getpwnam");
        getpwuid = symbol(lib, "getpwuid");
        getgrouplist = symbol(lib, "getgrouplist");
        ifNametoindex = symbol(lib, "if_nametoindex");
        mkdir = symbol(lib, "mkdir");
        rmdir = symbol(lib, "rmdir");
        getuid = symbol(lib, "getuid");
        geteuid = symbol(lib, "geteuid");
        getpid = symbol(lib, "getpid");
        strerrorR = symbol(lib, "__xpg_strerror_r");
    }

    private static CallContext ctx(final Type result, final Type... parameters) {
        return CallContext.getCallContext(result, parameters, CallingConvention.DEFAULT, true);
    }

    private static long symbol(final Library lib, final String name) {
        final long address = lib.getSymbolAddress(name);
        if (address == 0) {
            throw new UnsatisfiedLinkError("libc has no function " + name + ": " + Library.getLastError());
        }
        return address;
    }

    @Override
    public int socket(final int domain, final int type, final int protocol) {
        return invoker.invokeI3(I_III, socket, domain, type, protocol);
    }

    @Override
    public int bind(final int fd, final long addr, final int addrLen) {
        return (int) invoker.invokeN3(I_ILI, bind, fd, addr, addrLen);
    }

    @Override
    public int connect(final int fd, final long addr, final int addrLen) {
        return (int) invoker.invokeN3(I_ILI, connect, fd, addr, addrLen);
    }

    @Override
    public int listen(final int fd, final int backlog) {
        return invoker.invokeI2(I_II, listen, fd, backlog);
    }

    @Override
    public int getsockname(final int fd, final long addr, final long addrLenPtr) {
        return (int) invoker.invokeN3(I_ILL, getsockname, fd, addr, addrLenPtr);
    }

    @Override
    public int accept4(final int fd, final long addr, final long addrLenPtr, final int flags) {
        return (int) invoker.invokeN4(I_ILLI, accept4, fd, addr, addrLenPtr, flags);
    }

    @Override
    public long read(final int fd, final long buf, final long count) {
        return invoker.invokeN3(L_ILL, read, fd, buf, count);
    }

    @Override
    public long write(final int fd, final long buf, final long count) {
        return invoker.invokeN3(L_ILL, write, fd, buf, count);
    }

    @Override
    public long recv(final int fd, final long buf, final long len, final int flags) {
        return invoker.invokeN4(L_ILLI, recv, fd, buf, len, flags);
    }

    @Override
    public long send(final int fd, final long buf, final long len, final int flags) {
        return invoker.invokeN4(L_ILLI, send, fd, buf, len, flags);
    }

    @Override
    public int recvmmsg(final int fd, final long msgvec, final int vlen, final int flags, final long timeout) {
        return (int) invoker.invokeN5(I_ILIIL, recvmmsg, fd, msgvec, vlen, flags, timeout);
    }

    @Override
    public int sendmmsg(final int fd, final long msgvec, final int vlen, final int flags) {
        return (int) invoker.invokeN4(I_ILII, sendmmsg, fd, msgvec, vlen, flags);
    }

    @Override
    public long writev(final int fd, final long iov, final int iovCount) {
        return invoker.invokeN3(L_ILI, writev, fd, iov, iovCount);
    }

    @Override
    public int poll(final long fds, final long nfds, final int timeoutMillis) {
        return (int) invoker.invokeN3(I_LLI, poll, fds, nfds, timeoutMillis);
    }

    @Override
    public int shutdown(final int fd, final int how) {
        return invoker.invokeI2(I_II, shutdown, fd, how);
    }

    @Override
    public int close(final int fd) {
        return invoker.invokeI1(I_I, close, fd);
    }

    @Override
    public int epoll_create1(final int flags) {
        return invoker.invokeI1(I_I, epollCreate1, flags);
    }

    @Override
    public int epoll_ctl(final int epfd, final int op, final int fd, final long event) {
        return (int) invoker.invokeN4(I_IIIL, epollCtl, epfd, op, fd, event);
    }

    @Override
    public int epoll_wait(final int epfd, final long events, final int maxEvents, final int timeoutMillis) {
        return (int) invoker.invokeN4(I_ILII, epollWait, epfd, events, maxEvents, timeoutMillis);
    }

    @Override
    public int eventfd(final int initval, final int flags) {
        return invoker.invokeI2(I_II, eventfd, initval, flags);
    }

    @Override
    public int open(final long path, final int flags, final int mode) {
        return (int) invoker.invokeN3(I_LII, open, path, flags, mode);
    }

    @Override
    public int ioctl(final int fd, final long request, final long arg) {
        return (int) invoker.invokeN3(I_ILL, ioctl, fd, request, arg);
    }

    @Override
    public int fcntl(final int fd, final int cmd, final int arg) {
        return invoker.invokeI3(I_III, fcntl, fd, cmd, arg);
    }

    @Override
    public int setsockopt(final int fd, final int level, final int optName, final long optVal, final int optLen) {
        return (int) invoker.invokeN5(I_IIILI, setsockopt, fd, level, optName, optVal, optLen);
    }

    @Override
    public int getsockopt(final int fd, final int level, final int optName, final long optVal, final long optLenPtr) {
        return (int) invoker.invokeN5(I_IIILL, getsockopt, fd, level, optName, optVal, optLenPtr);
    }

    @Override
    public int chmod(final long path, final int mode) {
        return (int) invoker.invokeN2(I_LI, chmod, path, mode);
    }

    @Override
    public int chown(final long path, final int uid, final int gid) {
        return (int) invoker.invokeN3(I_LII, chown, path, uid, gid);
    }

    @Override
    public int unlink(final long path) {
        return (int) invoker.invokeN1(I_L, unlink, path);
    }

    @Override
    public int access(final long path, final int mode) {
        return (int) invoker.invokeN2(I_LI, access, path, mode);
    }

    @Override
    public long getgrnam(final long name) {
        return invoker.invokeN1(L_L, getgrnam, name);
    }

    @Override
    public long getpwnam(final long name) {
        return invoker.invokeN1(L_L, getpwnam, name);
    }

    @Override
    public long getpwuid(final int uid) {
        return invoker.invokeN1(L_I, getpwuid, uid);
    }

    @Override
    public int getgrouplist(final long user, final int group, final long groups, final long ngroupsPtr) {
        return (int) invoker.invokeN4(I_LILL, getgrouplist, user, group, groups, ngroupsPtr);
    }

    @Override
    public int if_nametoindex(final long name) {
        return (int) invoker.invokeN1(I_L, ifNametoindex, name);
    }

    @Override
    public int mkdir(final long path, final int mode) {
        return (int) invoker.invokeN2(I_LI, mkdir, path, mode);
    }

    @Override
    public int rmdir(final long path) {
        return (int) invoker.invokeN1(I_L, rmdir, path);
    }

    @Override
    public int getuid() {
        return invoker.invokeI0(I_VOID, getuid);
    }

    @Override
    public int geteuid() {
        return invoker.invokeI0(I_VOID, geteuid);
    }

    @Override
    public int getpid() {
        return invoker.invokeI0(I_VOID, getpid);
    }

    @Override
    public int __xpg_strerror_r(final int errnum, final long buf, final long bufLen) {
        return (int) invoker.invokeN3(I_ILL, strerrorR, errnum, buf, bufLen);
    }
}
