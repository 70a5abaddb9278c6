package io.detektr.deploy.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures Redis downtime as a client sees it: PING (after AUTH, on a new connection) every 100 ms
 * from a background thread; every run of failed PINGs is one outage, from the last success before
 * it to the first success after it.
 */
final class RedisWatch implements AutoCloseable {
  private final E2eEnvironment.Env env;
  private final Thread thread;
  private final List<Duration> outages = new ArrayList<>();
  private volatile boolean stop;

  RedisWatch(E2eEnvironment.Env env) {
    this.env = env;
    this.thread = new Thread(this::loop, "redis-watch");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    long lastOk = System.nanoTime();
    boolean down = false;
    while (!stop) {
      boolean ok;
      try {
        ok = "PONG".equals(env.redis("PING"));
      } catch (Exception e) {
        ok = false;
      }
      long now = System.nanoTime();
      if (ok) {
        if (down) {
          synchronized (outages) {
            outages.add(Duration.ofNanos(now - lastOk));
          }
          down = false;
        }
        lastOk = now;
      } else {
        down = true;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
    if (down) {
      synchronized (outages) {
        outages.add(Duration.ofNanos(System.nanoTime() - lastOk).plusDays(1)); // never came back
      }
    }
  }

  /** Stops watching (after one last PING round) and returns the outages seen. */
  List<Duration> outages() {
    stop = true;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (outages) {
      return List.copyOf(outages);
    }
  }

  /** Prints and returns the outages, labelled for the report. */
  List<Duration> report(String what) {
    List<Duration> o = outages();
    System.out.println(
        "REDIS DOWNTIME "
            + what
            + ": "
            + o.stream().mapToLong(Duration::toMillis).sum()
            + " ms in "
            + o.size()
            + " outage(s) "
            + o.stream().map(d -> d.toMillis() + " ms").toList());
    return o;
  }

  @Override
  public void close() {
    stop = true;
  }
}
