package io.detektr.broker.spi;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

/** Consumer names unique across hosts and processes: {@code client-host-pid-n}. */
public final class ConsumerNames {
  private static final AtomicLong COUNTER = new AtomicLong();
  private static final String PROCESS =
      ManagementFactory.getRuntimeMXBean().getName().replace('@', '-');

  private ConsumerNames() {}

  public static String next(String clientName) {
    return clientName + "-" + PROCESS + "-" + COUNTER.incrementAndGet();
  }
}
