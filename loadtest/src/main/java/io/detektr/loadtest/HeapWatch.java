package io.detektr.loadtest;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The loadtest JVM's own heap: the configured maximum, the peak used during the run (the sum of
 * the heap pools' peaks since the start, garbage included: an upper bound), and the peak still
 * live after a collection (what the run really holds), sampled every second.
 */
final class HeapWatch {
  private long liveAfterGc;

  private HeapWatch() {}

  /** Samples the heap left after the latest collection. Called by the reporting thread. */
  synchronized void sample() {
    long live = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        live += pool.getCollectionUsage().getUsed();
      }
    }
    liveAfterGc = Math.max(liveAfterGc, live);
  }

  static HeapWatch start() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
    return new HeapWatch();
  }

  synchronized Map<String, Long> figures() {
    sample();
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("maxHeapMb", Runtime.getRuntime().maxMemory() >> 20);
    m.put("peakHeapMb", peak >> 20);
    m.put("peakLiveHeapMb", liveAfterGc >> 20);
    return m;
  }
}
