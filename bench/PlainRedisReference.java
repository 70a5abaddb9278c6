import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The reference the loadtest's Redis path is set against at fixed rates and flat out: the same
 * workload written directly on one plain client (Jedis), the way its documentation shows. One
 * producer pipelines the XADDs that are due (a {@code payload} of 1 KiB, the intended send time and
 * a sequence number) and waits for their replies; consumers of one group, each on its own
 * connection, loop on XREADGROUP COUNT 100 BLOCK 100 and acknowledge each batch with one XACK.
 * Latency is measured like the loadtest's: from the intended send time to the consumer's receipt,
 * for messages due after the warm-up. Prints one JSON line.
 *
 * <pre>java -cp "lib/*" bench/PlainRedisReference.java PORT STREAM RATE SECONDS WARMUP CONSUMERS</pre>
 *
 * RATE 0 publishes flat out (pipelines of 100). Run by bench/run.sh, with Jedis and HdrHistogram
 * fetched from Maven Central.
 */
public class PlainRedisReference {
  private static final int BATCH = 100;

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String stream = args[1];
    double rate = Double.parseDouble(args[2]);
    long seconds = Long.parseLong(args[3]);
    long warmup = Long.parseLong(args[4]);
    int consumers = Integer.parseInt(args[5]);
    String payload = "x".repeat(1024);

    try (Jedis admin = new Jedis("127.0.0.1", port)) {
      admin.del(stream);
      admin.xgroupCreate(stream, "g", StreamEntryID.XGROUP_LAST_ENTRY, true);
    }
    long start = System.nanoTime() + 100_000_000L;
    long warmupEnd = start + warmup * 1_000_000_000L;
    long end = warmupEnd + seconds * 1_000_000_000L;
    int capacity = (int) Math.min(Integer.MAX_VALUE - 8, rate > 0 ? rate * (warmup + seconds) + 10 : 60_000_000L);
    AtomicIntegerArray seen = new AtomicIntegerArray(capacity);
    AtomicLong sent = new AtomicLong();
    AtomicLong sentMeasured = new AtomicLong();
    AtomicLong received = new AtomicLong();
    AtomicLong receivedMeasured = new AtomicLong();
    AtomicLong duplicates = new AtomicLong();
    AtomicLong outOfOrder = new AtomicLong();
    AtomicLong lastReceipt = new AtomicLong();
    Recorder latency = new Recorder(3);
    AtomicBoolean done = new AtomicBoolean();

    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < consumers; c++) {
      String name = "c" + c;
      Thread t =
          new Thread(
              () -> {
                long last = -1;
                try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                  XReadGroupParams params = XReadGroupParams.xReadGroupParams().count(BATCH).block(100);
                  Map<String, StreamEntryID> from = Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY);
                  long quietSince = 0;
                  while (true) {
                    List<Map.Entry<String, List<StreamEntry>>> read = jedis.xreadGroup("g", name, params, from);
                    long now = System.nanoTime();
                    if (read == null || read.isEmpty() || read.get(0).getValue().isEmpty()) {
                      if (done.get()) {
                        if (quietSince == 0) {
                          quietSince = now;
                        } else if (now - quietSince > 2_000_000_000L || received.get() >= sent.get()) {
                          return;
                        }
                      }
                      continue;
                    }
                    quietSince = 0;
                    List<StreamEntry> entries = read.get(0).getValue();
                    StreamEntryID[] ids = new StreamEntryID[entries.size()];
                    for (int i = 0; i < ids.length; i++) {
                      StreamEntry e = entries.get(i);
                      ids[i] = e.getID();
                      long intended = Long.parseLong(e.getFields().get("t"));
                      int seq = Integer.parseInt(e.getFields().get("s"));
                      if (seen.getAndIncrement(seq) > 0) {
                        duplicates.incrementAndGet();
                        continue;
                      }
                      received.incrementAndGet();
                      if (seq < last) {
                        outOfOrder.incrementAndGet();
                      }
                      last = Math.max(last, seq);
                      if (intended >= warmupEnd) {
                        receivedMeasured.incrementAndGet();
                        lastReceipt.accumulateAndGet(now, Math::max);
                        latency.recordValue(Math.max(0, (now - intended) / 1_000));
                      }
                    }
                    jedis.xack(stream, "g", ids);
                  }
                }
              },
              "consumer-" + c);
      t.start();
      threads.add(t);
    }

    try (Jedis jedis = new Jedis("127.0.0.1", port)) {
      Pipeline pipeline = jedis.pipelined();
      XAddParams add = XAddParams.xAddParams();
      long period = rate > 0 ? (long) (1e9 / rate) : 0;
      int seq = 0;
      while (true) {
        long now = System.nanoTime();
        if (now >= end || seq >= capacity) {
          break;
        }
        int batch = 0;
        if (rate > 0) {
          long next = start + seq * period;
          if (next > now) {
            LockSupport.parkNanos(next - now);
            continue;
          }
          for (; batch < BATCH && start + seq * period <= now; batch++, seq++) {
            send(pipeline, add, stream, payload, start + seq * period, seq, warmupEnd, sentMeasured);
          }
        } else {
          for (; batch < BATCH; batch++, seq++) {
            send(pipeline, add, stream, payload, now, seq, warmupEnd, sentMeasured);
          }
        }
        pipeline.sync();
        sent.addAndGet(batch);
      }
    }
    done.set(true);
    for (Thread t : threads) {
      t.join();
    }
    Histogram h = latency.getIntervalHistogram();
    double window = (Math.max(lastReceipt.get(), end) - warmupEnd) / 1e9;
    System.out.println(
        String.format(
            Locale.ROOT,
            "{\"sent\":%d,\"received\":%d,\"lost\":%d,\"duplicates\":%d,\"outOfOrder\":%d,"
                + "\"publishRate\":%.1f,\"receiveRate\":%.1f,\"p50\":%d,\"p99\":%d,\"p999\":%d,"
                + "\"max\":%d}",
            sent.get(),
            received.get(),
            sent.get() - received.get(),
            duplicates.get(),
            outOfOrder.get(),
            sentMeasured.get() / (double) (end - warmupEnd) * 1e9,
            receivedMeasured.get() / window,
            h.getValueAtPercentile(50),
            h.getValueAtPercentile(99),
            h.getValueAtPercentile(99.9),
            h.getMaxValue()));
  }

  private static void send(
      Pipeline pipeline,
      XAddParams add,
      String stream,
      String payload,
      long intended,
      int seq,
      long warmupEnd,
      AtomicLong sentMeasured) {
    Map<String, String> fields = new HashMap<>(4);
    fields.put("payload", payload);
    fields.put("t", Long.toString(intended));
    fields.put("s", Integer.toString(seq));
    pipeline.xadd(stream, add, fields);
    if (intended >= warmupEnd) {
      sentMeasured.incrementAndGet();
    }
  }
}
