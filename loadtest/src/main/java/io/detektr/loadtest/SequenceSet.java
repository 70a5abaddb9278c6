package io.detektr.loadtest;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A lock-free set of sequence numbers {@code 0..2^31-1}: one bit per number, in pages of 65,536
 * bits (8 KiB) allocated on first use, so a producer that sent 10 million messages costs 1.2 MiB.
 * Several consumer threads add to one set at once; {@link #add(long)} says whether the number was
 * new, which is how duplicates are told apart from first receipts exactly.
 */
final class SequenceSet {
  private static final int PAGE_BITS = 16;
  private static final int PAGE_WORDS = 1 << (PAGE_BITS - 6);
  private static final int MAX_PAGES = 1 << 15;
  static final long MAX_SEQUENCE = (long) MAX_PAGES << PAGE_BITS;

  private final AtomicReferenceArray<AtomicLongArray> pages = new AtomicReferenceArray<>(MAX_PAGES);

  /** Adds {@code seq}; true when it was not in the set before. */
  boolean add(long seq) {
    AtomicLongArray page = page(seq, true);
    int word = (int) (seq >>> 6) & (PAGE_WORDS - 1);
    long mask = 1L << (seq & 63);
    long before = page.getAndAccumulate(word, mask, (a, b) -> a | b);
    return (before & mask) == 0;
  }

  boolean contains(long seq) {
    AtomicLongArray page = page(seq, false);
    return page != null
        && (page.get((int) (seq >>> 6) & (PAGE_WORDS - 1)) & (1L << (seq & 63))) != 0;
  }

  /** How many numbers of this set are missing from {@code other}. */
  long countNotIn(SequenceSet other) {
    long missing = 0;
    for (int p = 0; p < MAX_PAGES; p++) {
      AtomicLongArray mine = pages.get(p);
      if (mine == null) {
        continue;
      }
      AtomicLongArray theirs = other.pages.get(p);
      for (int w = 0; w < PAGE_WORDS; w++) {
        long bits = mine.get(w);
        if (theirs != null) {
          bits &= ~theirs.get(w);
        }
        missing += Long.bitCount(bits);
      }
    }
    return missing;
  }

  long size() {
    return countNotIn(new SequenceSet());
  }

  private AtomicLongArray page(long seq, boolean create) {
    if (seq < 0 || seq >= MAX_SEQUENCE) {
      throw new IllegalArgumentException("sequence " + seq + " outside 0.." + (MAX_SEQUENCE - 1));
    }
    int index = (int) (seq >>> PAGE_BITS);
    AtomicLongArray page = pages.get(index);
    if (page == null && create) {
      pages.compareAndSet(index, null, new AtomicLongArray(PAGE_WORDS));
      page = pages.get(index);
    }
    return page;
  }
}
