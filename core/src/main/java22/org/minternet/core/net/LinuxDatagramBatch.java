package org.minternet.core.net;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A UDP socket on Linux served with {@code recvmmsg(2)} and {@code sendmmsg(2)}: up to
 * {@link #SLOTS} datagrams per system call each way. Everything lives in native memory owned by
 * the instance: the message headers, the senders' addresses and the datagram buffers; the
 * replies are packed into one region and sent back to the addresses the kernel filled in.
 *
 * <p>Layouts are those of the 64-bit Linux ABI ({@code struct mmsghdr} 64 bytes, {@code struct
 * iovec} 16, {@code struct sockaddr_in6} 28), the same on x86-64 and AArch64; other platforms
 * are refused at class initialisation.
 */
final class LinuxDatagramBatch implements DatagramBatch {
  /** Why this class cannot be used here, or null. */
  static final String UNAVAILABLE;

  static final int SLOTS = 64;
  private static final int BUFFER = 65536;
  private static final int REPLIES = 2 * BUFFER;
  private static final int HDR = 64; // struct mmsghdr
  private static final int IOV = 16; // struct iovec
  private static final int NAME = 32; // room for struct sockaddr_in6 (28)
  private static final int SOCKADDR_IN6 = 28;

  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;
  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int SOL_SOCKET = 1;
  private static final int SO_RCVBUF = 8;
  private static final int SO_RCVTIMEO = 20;
  private static final int SO_REUSEPORT = 15;
  private static final int IPPROTO_IPV6 = 41;
  private static final int IPV6_V6ONLY = 26;
  private static final int MSG_WAITFORONE = 0x10000;
  private static final int SHUT_RD = 0;
  private static final int PROT_READ = 1;
  private static final int PROT_WRITE = 2;
  private static final int MAP_PRIVATE = 2;
  private static final int MAP_ANONYMOUS = 0x20;
  private static final int EINTR = 4;
  private static final int EAGAIN = 11;

  private static final MethodHandle SOCKET;
  private static final MethodHandle SETSOCKOPT;
  private static final MethodHandle BIND;
  private static final MethodHandle GETSOCKNAME;
  private static final MethodHandle RECVMMSG;
  private static final MethodHandle SENDMMSG;
  private static final MethodHandle SENDTO;
  private static final MethodHandle SHUTDOWN;
  private static final MethodHandle CLOSE;
  private static final MethodHandle STRERROR;
  private static final MethodHandle MMAP;
  private static final MethodHandle MUNMAP;
  private static final StructLayout CALL_STATE;
  private static final VarHandle ERRNO;

  static {
    String why = null;
    MethodHandle socket = null, setsockopt = null, bind = null, getsockname = null,
        recvmmsg = null, sendmmsg = null, sendto = null, shutdown = null, close = null,
        strerror = null, mmap = null, munmap = null;
    StructLayout state = null;
    VarHandle errno = null;
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    if (!os.startsWith("linux")) {
      why = "batched UDP needs Linux";
    } else if (!arch.equals("amd64") && !arch.equals("aarch64")) {
      why = "batched UDP needs x86-64 or AArch64";
    } else {
      try {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Linker.Option errnoOption = Linker.Option.captureCallState("errno");
        state = Linker.Option.captureStateLayout();
        errno = state.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        socket = linker.downcallHandle(libc.find("socket").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), errnoOption);
        setsockopt = linker.downcallHandle(libc.find("setsockopt").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT),
            errnoOption);
        bind = linker.downcallHandle(libc.find("bind").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errnoOption);
        getsockname = linker.downcallHandle(libc.find("getsockname").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), errnoOption);
        recvmmsg = linker.downcallHandle(libc.find("recvmmsg").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS),
            errnoOption);
        sendmmsg = linker.downcallHandle(libc.find("sendmmsg").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), errnoOption);
        sendto = linker.downcallHandle(libc.find("sendto").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS,
                JAVA_INT), errnoOption);
        shutdown = linker.downcallHandle(libc.find("shutdown").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        close = linker.downcallHandle(libc.find("close").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        strerror = linker.downcallHandle(libc.find("strerror").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, JAVA_INT));
        mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG),
            errnoOption);
        munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
      } catch (Throwable e) { // no native access (--illegal-native-access=deny), no symbol
        why = "batched UDP unavailable: " + e;
      }
    }
    UNAVAILABLE = why;
    SOCKET = socket;
    SETSOCKOPT = setsockopt;
    BIND = bind;
    GETSOCKNAME = getsockname;
    RECVMMSG = recvmmsg;
    SENDMMSG = sendmmsg;
    SENDTO = sendto;
    SHUTDOWN = shutdown;
    CLOSE = close;
    STRERROR = strerror;
    MMAP = mmap;
    MUNMAP = munmap;
    CALL_STATE = state;
    ERRNO = errno;
  }

  private static final ValueLayout.OfShort NET_SHORT =
      JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN).withByteAlignment(1);

  private final Arena arena = Arena.ofShared();
  private final int fd;
  private final InetSocketAddress local;
  private final MemorySegment state;
  private final MemorySegment headers;
  private final MemorySegment names;
  private final MemorySegment buffers;
  private final MemorySegment replyHeaders;
  private final MemorySegment replyVectors;
  private final MemorySegment replyBuffer;
  private final ReentrantLock sendLock = new ReentrantLock();
  private int received;
  private int replies;
  private int replyBytes;
  private long lastSenderKey;
  private InetSocketAddress lastSender;
  private volatile boolean closed;

  private LinuxDatagramBatch(int fd, InetSocketAddress local) throws IOException {
    this.fd = fd;
    this.local = local;
    state = arena.allocate(CALL_STATE);
    MemorySegment data;
    try {
      data = map((long) SLOTS * BUFFER + REPLIES);
    } catch (IOException e) {
      arena.close();
      throw e;
    }
    buffers = data.asSlice(0, (long) SLOTS * BUFFER);
    replyBuffer = data.asSlice((long) SLOTS * BUFFER, REPLIES);
    headers = arena.allocate((long) SLOTS * HDR, 8);
    MemorySegment vectors = arena.allocate((long) SLOTS * IOV, 8);
    names = arena.allocate((long) SLOTS * NAME, 8);
    replyHeaders = arena.allocate((long) SLOTS * HDR, 8);
    replyVectors = arena.allocate((long) SLOTS * IOV, 8);
    for (int i = 0; i < SLOTS; i++) {
      vectors.set(ADDRESS, (long) i * IOV, buffers.asSlice((long) i * BUFFER));
      vectors.set(JAVA_LONG, (long) i * IOV + 8, BUFFER - 1);
      long h = (long) i * HDR;
      headers.set(ADDRESS, h, names.asSlice((long) i * NAME));
      headers.set(JAVA_INT, h + 8, SOCKADDR_IN6);
      headers.set(ADDRESS, h + 16, vectors.asSlice((long) i * IOV));
      headers.set(JAVA_LONG, h + 24, 1);
      replyHeaders.set(ADDRESS, h + 16, replyVectors.asSlice((long) i * IOV));
      replyHeaders.set(JAVA_LONG, h + 24, 1);
    }
  }

  /**
   * Anonymous memory from mmap, unmapped when the arena closes: the kernel gives it pages only
   * where datagrams are written, so 64 slots of 64 KiB cost what the traffic uses, not 4 MiB.
   */
  private MemorySegment map(long size) throws IOException {
    MemorySegment raw;
    try {
      raw = (MemorySegment) MMAP.invokeExact(state, MemorySegment.NULL, size,
          PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0L);
    } catch (Throwable e) {
      throw new IOException(e);
    }
    if (raw.address() == -1L) throw failure("mmap", state);
    return raw.reinterpret(size, arena, segment -> {
      try {
        int ignored = (int) MUNMAP.invokeExact(segment, size);
      } catch (Throwable ignored) {
        // nothing more to do
      }
    });
  }

  static LinuxDatagramBatch open(InetSocketAddress address, boolean reusePort, int receiveBuffer)
      throws IOException {
    InetAddress ip = address.getAddress();
    boolean v6 = ip instanceof Inet6Address;
    try (Arena scratch = Arena.ofConfined()) {
      MemorySegment st = scratch.allocate(CALL_STATE);
      int fd = (int) SOCKET.invokeExact(st, v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      if (fd < 0) throw failure("socket", st);
      try {
        MemorySegment one = scratch.allocate(JAVA_INT);
        if (reusePort) option(fd, SOL_SOCKET, SO_REUSEPORT, intValue(one, 1), st);
        option(fd, SOL_SOCKET, SO_RCVBUF, intValue(scratch.allocate(JAVA_INT), receiveBuffer), st);
        MemorySegment timeout = scratch.allocate(16, 8); // struct timeval: wake up to look at close
        timeout.set(JAVA_LONG, 0, 1);
        timeout.set(JAVA_LONG, 8, 0);
        option(fd, SOL_SOCKET, SO_RCVTIMEO, timeout, st);
        if (v6) option(fd, IPPROTO_IPV6, IPV6_V6ONLY, intValue(scratch.allocate(JAVA_INT), 0), st);
        MemorySegment name = scratch.allocate(NAME, 8);
        int length = writeAddress(name, address);
        if ((int) BIND.invokeExact(st, fd, name, length) < 0) throw failure("bind", st);
        MemorySegment nameLength = scratch.allocate(JAVA_INT);
        nameLength.set(JAVA_INT, 0, NAME);
        if ((int) GETSOCKNAME.invokeExact(st, fd, name, nameLength) < 0) {
          throw failure("getsockname", st);
        }
        return new LinuxDatagramBatch(fd, readAddress(name, 0));
      } catch (Throwable e) {
        closeFd(fd);
        throw e;
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IOException(e);
    }
  }

  private static MemorySegment intValue(MemorySegment segment, int value) {
    segment.set(JAVA_INT, 0, value);
    return segment;
  }

  private static void option(int fd, int level, int name, MemorySegment value, MemorySegment st)
      throws Throwable {
    if ((int) SETSOCKOPT.invokeExact(st, fd, level, name, value, (int) value.byteSize()) < 0) {
      throw failure("setsockopt " + name, st);
    }
  }

  private static IOException failure(String call, MemorySegment st) {
    int errno = (int) ERRNO.get(st, 0L);
    String message;
    try {
      MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
      message = text.reinterpret(256).getString(0);
    } catch (Throwable e) {
      message = "errno " + errno;
    }
    return new IOException(call + ": " + message);
  }

  private static void closeFd(int fd) {
    try {
      int ignored = (int) CLOSE.invokeExact(fd);
    } catch (Throwable ignored) {
      // nothing more to do
    }
  }

  /** Writes a sockaddr_in or sockaddr_in6 and returns its length. */
  private static int writeAddress(MemorySegment to, InetSocketAddress address) {
    to.fill((byte) 0);
    byte[] ip = address.getAddress().getAddress();
    to.set(NET_SHORT, 2, (short) address.getPort());
    if (ip.length == 4) {
      to.set(JAVA_SHORT, 0, (short) AF_INET);
      MemorySegment.copy(ip, 0, to, JAVA_BYTE, 4, 4);
      return 16;
    }
    to.set(JAVA_SHORT, 0, (short) AF_INET6);
    MemorySegment.copy(ip, 0, to, JAVA_BYTE, 8, 16);
    if (address.getAddress() instanceof Inet6Address a6) to.set(JAVA_INT, 24, a6.getScopeId());
    return SOCKADDR_IN6;
  }

  private static InetSocketAddress readAddress(MemorySegment from, long at) throws IOException {
    int family = from.get(JAVA_SHORT, at);
    int port = Short.toUnsignedInt(from.get(NET_SHORT, at + 2));
    byte[] ip;
    int scope = 0;
    if (family == AF_INET) {
      ip = new byte[4];
      MemorySegment.copy(from, JAVA_BYTE, at + 4, ip, 0, 4);
    } else if (family == AF_INET6) {
      ip = new byte[16];
      MemorySegment.copy(from, JAVA_BYTE, at + 8, ip, 0, 16);
      scope = from.get(JAVA_INT, at + 24);
    } else {
      throw new IOException("address family " + family);
    }
    InetAddress address = scope != 0
        ? Inet6Address.getByAddress(null, ip, scope)
        : InetAddress.getByAddress(ip); // a v4-mapped address comes back as Inet4Address
    return new InetSocketAddress(address, port);
  }

  @Override
  public InetSocketAddress localAddress() {
    return local;
  }

  @Override
  public int receive() throws IOException {
    if (closed) return 0;
    for (int i = 0; i < received; i++) headers.set(JAVA_INT, (long) i * HDR + 8, SOCKADDR_IN6);
    received = 0;
    int n;
    try {
      n = (int) RECVMMSG.invokeExact(state, fd, headers, SLOTS, MSG_WAITFORONE, MemorySegment.NULL);
    } catch (Throwable e) {
      throw new IOException(e);
    }
    if (n < 0) {
      int errno = (int) ERRNO.get(state, 0L);
      if (errno == EAGAIN || errno == EINTR || closed) return 0;
      throw failure("recvmmsg", state);
    }
    if (closed) return 0;
    received = n;
    return n;
  }

  @Override
  public int read(int slot, byte[] into) {
    check(slot);
    int length = headers.get(JAVA_INT, (long) slot * HDR + 56);
    MemorySegment.copy(buffers, JAVA_BYTE, (long) slot * BUFFER, into, 0, length);
    return length;
  }

  @Override
  public InetSocketAddress sender(int slot) {
    check(slot);
    long at = (long) slot * NAME;
    if (headers.get(JAVA_INT, (long) slot * HDR + 8) == 0) return null; // no datagram: shut down
    try {
      if (names.get(JAVA_SHORT, at) == AF_INET) {
        long key = names.get(JAVA_LONG, at); // family, port and address: one comparison
        if (lastSender == null || key != lastSenderKey) {
          lastSender = readAddress(names, at);
          lastSenderKey = key;
        }
        return lastSender;
      }
      return readAddress(names, at);
    } catch (IOException e) {
      return null;
    }
  }

  private void check(int slot) {
    if (slot < 0 || slot >= received) throw new IndexOutOfBoundsException(slot);
  }

  @Override
  public void reply(int slot, byte[] data) {
    check(slot);
    if (data.length >= BUFFER) return; // larger than a UDP payload: nothing to send
    if (replies == SLOTS || replyBytes + data.length > REPLIES) {
      try {
        flush();
      } catch (IOException e) {
        // the replies already queued are lost, as datagrams may be
      }
    }
    MemorySegment.copy(data, 0, replyBuffer, JAVA_BYTE, replyBytes, data.length);
    long v = (long) replies * IOV;
    replyVectors.set(ADDRESS, v, replyBuffer.asSlice(replyBytes));
    replyVectors.set(JAVA_LONG, v + 8, data.length);
    long h = (long) replies * HDR;
    replyHeaders.set(ADDRESS, h, names.asSlice((long) slot * NAME));
    replyHeaders.set(JAVA_INT, h + 8, headers.get(JAVA_INT, (long) slot * HDR + 8));
    replies++;
    replyBytes += (data.length + 7) & ~7;
  }

  @Override
  public void flush() throws IOException {
    IOException failed = null;
    int sent = 0;
    while (sent < replies) {
      int n;
      try {
        n = (int) SENDMMSG.invokeExact(state, fd, replyHeaders.asSlice((long) sent * HDR),
            replies - sent, 0);
      } catch (Throwable e) {
        failed = new IOException(e);
        break;
      }
      if (n > 0) {
        sent += n;
      } else if ((int) ERRNO.get(state, 0L) != EINTR) {
        failed = failure("sendmmsg", state); // this one cannot go: drop it, send the rest
        sent++;
      }
    }
    replies = 0;
    replyBytes = 0;
    if (failed != null) throw failed;
  }

  @Override
  public void send(byte[] data, InetSocketAddress to) throws IOException {
    try (Arena scratch = Arena.ofConfined()) {
      MemorySegment name = scratch.allocate(NAME, 8);
      int nameLength = writeAddress(name, to);
      MemorySegment buffer = scratch.allocate(Math.max(1, data.length));
      MemorySegment.copy(data, 0, buffer, JAVA_BYTE, 0, data.length);
      MemorySegment st = scratch.allocate(CALL_STATE);
      sendLock.lock();
      try {
        if (closed) throw new IOException("socket closed");
        long n = (long) SENDTO.invokeExact(st, fd, buffer, (long) data.length, 0, name, nameLength);
        if (n < 0) throw failure("sendto", st);
      } finally {
        sendLock.unlock();
      }
    } catch (IOException e) {
      throw e;
    } catch (Throwable e) {
      throw new IOException(e);
    }
  }

  @Override
  public void wakeUp() {
    closed = true;
    try {
      int ignored = (int) SHUTDOWN.invokeExact(fd, SHUT_RD);
    } catch (Throwable ignored) {
      // the receive timeout wakes the thread all the same
    }
  }

  /** Closes the socket; the receiving thread must have stopped (see {@link #wakeUp}). */
  @Override
  public void close() {
    sendLock.lock();
    try {
      if (!arena.scope().isAlive()) return;
      closed = true;
      closeFd(fd);
      arena.close();
    } finally {
      sendLock.unlock();
    }
  }
}
