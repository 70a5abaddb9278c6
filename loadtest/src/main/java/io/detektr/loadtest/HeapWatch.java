package io.detektr.loadtest;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The loadtest JVM's own heap: the configured maximum and the peak used during the run (the sum of
 * the heap pools' peaks since the start, an upper bound of the real peak).
 */
final class HeapWatch {
  private HeapWatch() {}

  static HeapWatch start() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
    return new HeapWatch();
  }

  Map<String, Long> figures() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("maxHeapMb", Runtime.getRuntime().maxMemory() >> 20);
    m.put("peakHeapMb", peak >> 20);
    return m;
  }
}
