package io.detektr.loadtest;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Linux scheduling policy the load generator's threads run under.
 *
 * <p>{@link #BATCH} by default: a SCHED_BATCH thread that wakes up does not preempt the thread
 * running on its CPU. Next to a broker on the same host that matters: Redis replies once per turn
 * of its event loop, several thousand times a second, and each reply wakes the client's I/O thread,
 * which under SCHED_OTHER often preempts Redis itself. Measured on the 2-core bench machine:
 * Redis's involuntary context switches fell from 1,100-1,900 to about 140 per second and the
 * publish rate rose by a fifth. {@link #OTHER} is Linux's default policy.
 *
 * <p>That trade suits throughput only: a woken thread that waits for the running one to yield its
 * slice adds up to a scheduler tick to the latency of the message that woke it. At a fixed 1,000
 * msg/s against Redis on the bench machine, end-to-end p99 was 1.2 ms under BATCH against 0.4 to
 * 0.5 ms under OTHER (alternating runs), so {@link #defaultFor} picks by the rate.
 */
public enum CpuPolicy {
  OTHER(0),
  BATCH(3);

  /** Field 41 of /proc/[pid]/task/[tid]/stat, counted from 1. */
  private static final int POLICY_FIELD = 41;

  private final int linuxPolicy;

  CpuPolicy(int linuxPolicy) {
    this.linuxPolicy = linuxPolicy;
  }

  /** BATCH for a flat-out run (rate 0), which measures throughput; OTHER for a fixed rate. */
  public static CpuPolicy defaultFor(int ratePerSecond) {
    return ratePerSecond > 0 ? OTHER : BATCH;
  }

  /** The name Linux uses, e.g. {@code SCHED_BATCH}. */
  public String linuxName() {
    return "SCHED_" + name();
  }

  /**
   * Sets this policy on every thread of this process; threads started later inherit it from the
   * thread that starts them. Returns how many threads were set.
   *
   * @throws IllegalStateException when it cannot be done here (not Linux, no native access), with
   *     the reason
   */
  public int applyToProcess() {
    int applied = 0;
    for (long tid : threadIds()) {
      if (set(tid)) {
        applied++;
      }
    }
    return applied;
  }

  /** Sets this policy on the calling thread only. */
  public void applyToCurrentThread() {
    set(0); // 0 = the calling thread
  }

  /**
   * The policy of thread {@code tid} of this process, or null when it runs under one this enum does
   * not name (FIFO, RR, IDLE).
   *
   * @throws IllegalArgumentException when this process has no such thread
   */
  public static CpuPolicy ofThread(long tid) {
    String stat = read(Path.of("/proc/self/task", Long.toString(tid), "stat"));
    // "tid (name) state ...": the name may hold spaces and parentheses, so count after the last ')'
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    int policy = Integer.parseInt(fields[POLICY_FIELD - 3]);
    for (CpuPolicy p : values()) {
      if (p.linuxPolicy == policy) {
        return p;
      }
    }
    return null;
  }

  /** The Linux thread id of the calling thread. */
  public static long currentThreadId() {
    try {
      Path self = Files.readSymbolicLink(Path.of("/proc/thread-self")); // "<pid>/task/<tid>"
      return Long.parseLong(self.getFileName().toString());
    } catch (IOException e) {
      throw new IllegalStateException("cannot tell this thread's id: " + e.getMessage(), e);
    }
  }

  private boolean set(long tid) {
    if (!Platform.isLinux()) {
      throw new IllegalStateException(
          linuxName() + " exists on Linux only, not on " + System.getProperty("os.name"));
    }
    try {
      LibC.sched_setscheduler((int) tid, linuxPolicy, new int[] {0});
      return true;
    } catch (LastErrorException e) {
      if (e.getErrorCode() == 3) { // ESRCH: the thread ended meanwhile
        return false;
      }
      throw new IllegalStateException(
          "sched_setscheduler(" + linuxName() + ") failed: " + e.getMessage(), e);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw new IllegalStateException("no native access to set " + linuxName() + ": " + e, e);
    }
  }

  private static List<Long> threadIds() {
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      List<Long> ids = new ArrayList<>();
      tasks.forEach(t -> ids.add(Long.parseLong(t.getFileName().toString())));
      return ids;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot list this process's threads in /proc: " + e.getMessage(), e);
    }
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no thread " + path.getParent().getFileName(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** libc, bound on first use (JNA direct mapping: no proxy per call). */
  private static final class LibC {
    static {
      Native.register(Platform.C_LIBRARY_NAME);
    }

    private LibC() {}

    static native int sched_setscheduler(int pid, int policy, int[] param)
        throws LastErrorException;
  }
}
