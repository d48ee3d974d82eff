package dev.skiff.store;

import dev.skiff.common.SkiffClock;
import dev.skiff.common.message.StoredRecordLayout;
import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.engine.DefaultMessageStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Child process of {@link CrashTest}: appends with sync flush from several threads (one queue per
 * thread) until killed, printing {@code ACK queue offset phy crc size} for each acknowledged
 * record. Bodies are a function of (queue, offset), so the parent can rebuild them.
 */
public final class CrashWriter {
    static final int QUEUES = 3;
    static final String TOPIC = "Crash";

    private CrashWriter() {}

    static StoreConfig config(Path dir) {
        return Fixtures.smallConfig(dir)
                .commitLogSegmentBytes(256 * 1024)
                .flushMode(StoreConfig.FlushMode.SYNC)
                .checkpointIntervalMs(30)
                .build();
    }

    static byte[] body(int queue, long offset) {
        Random r = new Random(queue * 1_000_003L + offset);
        byte[] b = new byte[20 + r.nextInt(700)];
        r.nextBytes(b);
        return b;
    }

    static String key(int queue, long offset) {
        return "k-" + queue + "-" + offset;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        PrintStream out = new PrintStream(System.out, false);
        DefaultMessageStore store =
                new DefaultMessageStore(config(dir), SkiffClock.system(), () -> 0.1, ArrivalListener.NONE);
        store.start();
        out.println("READY");
        out.flush();
        // the writers run until the parent kills this process; should one of them stop (it threw),
        // or a minute pass with no kill, the process ends at once with 3
        CountDownLatch writerStopped = new CountDownLatch(1);
        for (int q = 0; q < QUEUES; q++) {
            int queue = q;
            Thread t = new Thread(() -> {
                try {
                    write(store, queue, out);
                } finally {
                    writerStopped.countDown();
                }
            });
            t.start();
        }
        writerStopped.await(60, TimeUnit.SECONDS);
        System.exit(3);
    }

    private static void write(DefaultMessageStore store, int queue, PrintStream out) {
        long next = store.maxOffsetInQueue(TOPIC, queue);
        while (true) {
            byte[] body = body(queue, next);
            PutResult r = store.putMessage(Fixtures.msg(TOPIC, queue, body, "KEYS\u0001" + key(queue, next) + "\u0002"))
                    .join();
            if (r.queueOffset() != next || r.status() != PutStatus.PUT_OK) {
                System.err.println("unexpected " + r);
                System.exit(2);
            }
            int crc = StoredRecordLayout.bodyCrc(body, 0, body.length);
            synchronized (out) {
                out.println("ACK " + queue + " " + next + " " + r.physicalOffset() + " " + crc + " " + r.wroteBytes());
                out.flush();
            }
            next++;
        }
    }
}
