import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * How much latency this host adds by itself, with no broker client in the way: the floor under the
 * loadtest's p99 at a fixed rate. Runs with the JDK alone:
 *
 * <pre>
 *   java bench/WakeUpProbe.java            # timer wake-ups only
 *   java bench/WakeUpProbe.java 6379       # and PING round trips to the Redis on that port
 * </pre>
 *
 * <p>1. A thread parks until the next millisecond, 10,000 times: how late it wakes up. 2. PING
 * to Redis once a millisecond on a blocking socket (the thread spins the last 200 us before each
 * send, as the loadtest's producer does): the round trip, one wake-up of Redis and one of the
 * caller. The loadtest's end-to-end path has four such hand-offs (producer, I/O thread, Redis,
 * consumer), so its p99 cannot be much below a few times these.
 */
public final class WakeUpProbe {
  private static final int SAMPLES = 10_000;
  private static final long PERIOD_NANOS = 1_000_000;
  private static final long SPIN_NANOS = 200_000;

  public static void main(String[] args) throws IOException {
    long[] late = new long[SAMPLES];
    long start = System.nanoTime() + PERIOD_NANOS;
    for (int i = 0; i < SAMPLES; i++) {
      long due = start + i * PERIOD_NANOS;
      long now;
      while ((now = System.nanoTime()) < due) {
        LockSupport.parkNanos(due - now);
      }
      late[i] = now - due;
    }
    print("timer wake-up lateness", late);
    if (args.length > 0) {
      print("Redis PING round trip", pings(Integer.parseInt(args[0])));
    }
  }

  private static long[] pings(int port) throws IOException {
    byte[] ping = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] reply = new byte[64];
    long[] rtt = new long[SAMPLES];
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      long start = System.nanoTime() + PERIOD_NANOS;
      for (int i = 0; i < SAMPLES; i++) {
        long due = start + i * PERIOD_NANOS;
        long now;
        while ((now = System.nanoTime()) < due - SPIN_NANOS) {
          LockSupport.parkNanos(due - SPIN_NANOS - now);
        }
        while (System.nanoTime() < due) {
          Thread.onSpinWait();
        }
        long sent = System.nanoTime();
        out.write(ping);
        out.flush();
        int read = 0;
        while (read < "+PONG\r\n".length()) {
          int n = in.read(reply, read, reply.length - read);
          if (n < 0) {
            throw new IOException("Redis on port " + port + " closed the connection");
          }
          read += n;
        }
        rtt[i] = System.nanoTime() - sent;
      }
    }
    return rtt;
  }

  private static void print(String what, long[] nanos) {
    Arrays.sort(nanos);
    int n = nanos.length;
    System.out.printf(
        "%-24s us: p50 %d  p90 %d  p99 %d  p99.9 %d  max %d%n",
        what,
        nanos[n / 2] / 1000,
        nanos[n * 9 / 10] / 1000,
        nanos[n * 99 / 100] / 1000,
        nanos[n * 999 / 1000] / 1000,
        nanos[n - 1] / 1000);
  }
}
