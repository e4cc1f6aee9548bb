package io.jvde.vde.sys;

/**
 * The libc calls the switch needs ({@link JffiLibC} makes them through jffi). Every pointer is a plain {@code long}
 * address of memory we allocated once (see {@link NativeMemory}), so a call allocates nothing on the Java heap.
 * Return values follow libc: -1 and {@link Native#errno()} on failure. Paths and names are addresses of
 * NUL-terminated UTF-8 too ({@link NativePaths} encodes them for the calls that take one).
 *
 * <p>An interface, so that a test can decorate it (fail a call, set errno with {@link Native#setErrno}).
 */
public interface LibC {
    int socket(int domain, int type, int protocol);

    int bind(int fd, long addr, int addrLen);

    int connect(int fd, long addr, int addrLen);

    int listen(int fd, int backlog);

    int getsockname(int fd, long addr, long addrLenPtr);

    int accept4(int fd, long addr, long addrLenPtr, int flags);

    long read(int fd, long buf, long count);

    long write(int fd, long buf, long count);

    long recv(int fd, long buf, long len, int flags);

    long send(int fd, long buf, long len, int flags);

    int recvmmsg(int fd, long msgvec, int vlen, int flags, long timeout);

    int sendmmsg(int fd, long msgvec, int vlen, int flags);

    long writev(int fd, long iov, int iovCount);

    int poll(long fds, long nfds, int timeoutMillis);

    int shutdown(int fd, int how);

    int close(int fd);

    int epoll_create1(int flags);

    int epoll_ctl(int epfd, int op, int fd, long event);

    int epoll_wait(int epfd, long events, int maxEvents, int timeoutMillis);

    int eventfd(int initval, int flags);

    int open(long path, int flags, int mode);

    int ioctl(int fd, long request, long arg);

    int fcntl(int fd, int cmd, int arg);

    int setsockopt(int fd, int level, int optName, long optVal, int optLen);

    int getsockopt(int fd, int level, int optName, long optVal, long optLenPtr);

    int chmod(long path, int mode);

    int chown(long path, int uid, int gid);

    int unlink(long path);

    int access(long path, int mode);

    /** struct group* (gr_gid at offset 16 on LP64), 0 when unknown. */
    long getgrnam(long name);

    /** struct passwd* (pw_uid at offset 16 on LP64), 0 when unknown. */
    long getpwnam(long name);

    /** struct passwd* (pw_name at 0, pw_uid at 16, pw_gid at 20 on LP64), 0 when unknown. */
    long getpwuid(int uid);

    int getgrouplist(long user, int group, long groups, long ngroupsPtr);

    /** Index of network interface {@code name}, 0 when there is none. */
    int if_nametoindex(long name);

    int mkdir(long path, int mode);

    int rmdir(long path);

    int getuid();

    int geteuid();

    int getpid();

    /** Copies the message for errno {@code errnum} into buf; GNU variant returns a pointer, we use the XSI one. */
    int __xpg_strerror_r(int errnum, long buf, long bufLen);
}
