package io.detektr.deploy.health;

import io.detektr.deploy.remote.Remote;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs every check until all pass together or the deadline passes, sleeping with growing intervals
 * in between. Returns the last round's results either way.
 */
public final class HealthPoller {
  private final Backoff backoff;
  private final Duration deadline;

  public HealthPoller(Backoff backoff, Duration deadline) {
    this.backoff = backoff;
    this.deadline = deadline;
  }

  /** Outcome of polling. */
  public record Outcome(boolean healthy, int rounds, List<CheckResult> last) {
    /** The failed checks of the last round, one per line. */
    public String failures() {
      StringBuilder sb = new StringBuilder();
      for (CheckResult r : last) {
        if (!r.ok()) {
          sb.append(sb.length() == 0 ? "" : "; ").append(r.name()).append(": ").append(r.detail());
        }
      }
      return sb.toString();
    }
  }

  public Outcome poll(
      Remote remote, List<HealthCheck> checks, Consumer<List<CheckResult>> onRound) {
    long end = System.nanoTime() + deadline.toNanos();
    List<CheckResult> results = List.of();
    for (int round = 0; ; round++) {
      results = new ArrayList<>();
      for (HealthCheck c : checks) {
        results.add(c.run(remote));
      }
      onRound.accept(results);
      if (results.stream().allMatch(CheckResult::ok)) {
        return new Outcome(true, round + 1, results);
      }
      Duration sleep = backoff.interval(round);
      if (System.nanoTime() + sleep.toNanos() > end) {
        return new Outcome(false, round + 1, results);
      }
      try {
        Thread.sleep(sleep.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Outcome(false, round + 1, results);
      }
    }
  }
}
