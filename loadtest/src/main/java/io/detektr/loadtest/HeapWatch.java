package io.detektr.loadtest;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The loadtest JVM's own heap, sampled every second by the reporting thread: the configured
 * maximum, the most heap in use at a sample (garbage included), and the most heap still live after
 * a collection (what the run really holds). Sampling can miss a short peak between two seconds;
 * summing the pools' own peaks instead would count eden and old-generation peaks of different
 * moments together and exceed the maximum.
 */
final class HeapWatch {
  private long used;
  private long liveAfterGc;

  private HeapWatch() {}

  static HeapWatch start() {
    HeapWatch watch = new HeapWatch();
    watch.sample();
    return watch;
  }

  /** Takes one sample. */
  synchronized void sample() {
    used = Math.max(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    long live = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        live += pool.getCollectionUsage().getUsed();
      }
    }
    liveAfterGc = Math.max(liveAfterGc, live);
  }

  synchronized Map<String, Long> figures() {
    sample();
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("maxHeapMb", Runtime.getRuntime().maxMemory() >> 20);
    m.put("peakHeapMb", used >> 20);
    m.put("peakLiveHeapMb", liveAfterGc >> 20);
    return m;
  }
}
