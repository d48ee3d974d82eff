package dev.skiff.broker.replica;

import dev.skiff.broker.group.SubscriptionGroupTable;
import dev.skiff.broker.offset.ConsumerOffsetTable;
import dev.skiff.broker.schedule.DelayOffsetTable;
import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.common.SkiffClock;
import dev.skiff.common.concurrent.Scheduler;
import dev.skiff.common.json.JsonException;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonReader;
import dev.skiff.common.json.JsonValue;
import dev.skiff.common.json.JsonWriteOptions;
import dev.skiff.common.json.JsonWriter;
import dev.skiff.remoting.RemotingClient;
import dev.skiff.remoting.RemotingException;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.DataVersion;
import dev.skiff.remoting.protocol.body.SubscriptionGroupConfig;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.protocol.body.TopicConfigSerializeWrapper;
import dev.skiff.remoting.protocol.header.GetAllSubscriptionGroupRequestHeader;
import dev.skiff.remoting.protocol.header.GetAllTopicConfigRequestHeader;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A slave's copy of its master's metadata: topic configs, subscription groups, consumer offsets
 * and delay-level progress, fetched with the official requests (21, 201, 43, 45) so a slave can
 * serve reads and later take over. The copies persist in the slave's own config files.
 *
 * <p><b>Freshness.</b> The official slave copies every 10 s. Skiff runs a round every {@code
 * intervalMs} (500 ms by default) on the {@link Scheduler} it is given and owns (a thread of its own,
 * {@code broker-replica-copy}, in a broker), so a change
 * on the master reaches the slave within about one interval plus the fetch:
 *
 * <ul>
 *   <li>topics and groups: a probe asks for a page of one entry; its data version, compared with
 *       the version last copied, tells whether anything changed on the master; the slave table's
 *       own version tells whether it was changed locally (an admin update sent to the slave, which
 *       the official 5.5 slave accepts too, or a group auto-created by a pull), which the copy
 *       then undoes, as the official slave's next copy does. Only then are all pages fetched
 *       (at most {@link #PAGE_SIZE} entries each, restarted when the version moves under them, and
 *       the table replaced; a master that does not page answers the probe with the whole table,
 *       which is then taken as it is);
 *   <li>consumer offsets and delay progress change with every commit and carry no useful version:
 *       they are fetched whole each round (about 40 bytes per queue of each group) and merged, the
 *       master's values winning; a queue only the slave knows (committed to it while the master
 *       was away) is kept, as the official slave does.
 * </ul>
 *
 * <p>More copies join each round through {@link #addCopy}: users and ACLs (docs/security.md) and
 * the timer checkpoint (docs/timer.md).
 *
 * <p>The master is the one the name servers named in the last registration answer; with none, a
 * round does nothing. A change of master copies everything again. Failures are counted and logged
 * at most once per master address until a round succeeds again.
 */
public final class MetadataCopier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetadataCopier.class);
    /** Default time between rounds. */
    public static final long INTERVAL_MS = 500;
    /** Entries asked for per page of topics or groups. */
    static final int PAGE_SIZE = 1_000;
    /** Most pages per table (bounds a copy at 200,000 entries). */
    static final int PAGES_MAX = 200;
    /** Longest wait for one answer. */
    static final long CALL_TIMEOUT_MS = 3_000;
    /** Fetches restarted because the table changed while paging, before the round gives up. */
    static final int RESTARTS_MAX = 3;

    private final RemotingClient client;
    private final Supplier<String> masterAddr;
    private final TopicConfigTable topics;
    private final SubscriptionGroupTable groups;
    private final ConsumerOffsetTable offsets;
    private final DelayOffsetTable delays;
    private final SkiffClock clock;
    private final long intervalMs;
    private final Scheduler scheduler;
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong bytesTotal = new AtomicLong();

    // Owned by the copy thread.
    private String copiedFrom;
    private DataVersion topicVersion;
    private DataVersion groupVersion;
    /** The slave tables' own versions right after the last copy: a local change moves them. */
    private DataVersion localTopicVersion;

    private DataVersion localGroupVersion;
    private boolean failureLogged;

    /** More copies run at the end of each round (users and ACLs); set before {@link #start}. */
    private final java.util.List<ExtraCopy> extras = new java.util.concurrent.CopyOnWriteArrayList<>();

    private volatile long lastCopyMs;
    private volatile long lastCopyBytes;

    public MetadataCopier(
            RemotingClient client,
            Supplier<String> masterAddr,
            TopicConfigTable topics,
            SubscriptionGroupTable groups,
            ConsumerOffsetTable offsets,
            DelayOffsetTable delays,
            Scheduler scheduler,
            long intervalMs) {
        if (intervalMs < 1) {
            throw new IllegalArgumentException("intervalMs must be positive: " + intervalMs);
        }
        this.client = client;
        this.masterAddr = masterAddr;
        this.topics = topics;
        this.groups = groups;
        this.offsets = offsets;
        this.delays = delays;
        this.scheduler = scheduler;
        this.clock = scheduler.clock();
        this.intervalMs = intervalMs;
    }

    /** Another copy each round, after the tables above; it may skip rounds (returns 0 bytes then). */
    @FunctionalInterface
    public interface ExtraCopy {
        long copy(RemotingClient client, String master, long nowMs)
                throws RemotingException, InterruptedException, IOException;
    }

    /** Adds a copy to every round (users and ACLs, the timer checkpoint); wiring time only. */
    public void addCopy(ExtraCopy copy) {
        extras.add(copy);
    }

    /** Runs a round now and then every interval. */
    public void start() {
        scheduler.scheduleWithFixedDelay("metadata copy", 0, intervalMs, this::roundQuietly);
    }

    private void roundQuietly() {
        try {
            copyOnce();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failures.incrementAndGet();
            if (!failureLogged) {
                failureLogged = true;
                log.warn("cannot copy metadata from master {}: {}", copiedFrom, e.toString());
            }
        }
    }

    /**
     * One round on the calling thread (tests; the copy thread otherwise). Returns false when no
     * master is known.
     */
    synchronized boolean copyOnce() throws RemotingException, InterruptedException, IOException {
        String master = masterAddr.get();
        if (master == null || master.isEmpty()) {
            return false;
        }
        if (!master.equals(copiedFrom)) {
            log.info("copying metadata from master {}", master);
            copiedFrom = master;
            topicVersion = null;
            groupVersion = null;
            failureLogged = false;
        }
        long bytes = copyTopics(master) + copyGroups(master) + copyOffsets(master) + copyDelays(master);
        for (ExtraCopy extra : extras) {
            bytes += extra.copy(client, master, clock.nowMs());
        }
        rounds.incrementAndGet();
        lastCopyMs = clock.nowMs();
        lastCopyBytes = bytes;
        bytesTotal.addAndGet(bytes);
        failureLogged = false;
        return true;
    }

    // ---- topics and groups ---------------------------------------------------------------------

    private long copyTopics(String master) throws RemotingException, InterruptedException {
        long[] bytes = {0};
        Page<TopicConfig> copy = fetchIfChanged(
                master,
                MetadataCopier::topicRequest,
                MetadataCopier::topicPage,
                topicVersion,
                !topics.dataVersion().equals(localTopicVersion),
                bytes);
        if (copy != null) {
            topics.replaceAll(copy.entries());
            topicVersion = copy.version();
            localTopicVersion = topics.dataVersion();
            log.info("copied {} topics from master {}", copy.entries().size(), master);
        }
        return bytes[0];
    }

    private long copyGroups(String master) throws RemotingException, InterruptedException {
        long[] bytes = {0};
        Page<SubscriptionGroupConfig> copy = fetchIfChanged(
                master,
                MetadataCopier::groupRequest,
                MetadataCopier::groupPage,
                groupVersion,
                !groups.dataVersion().equals(localGroupVersion),
                bytes);
        if (copy != null) {
            groups.replaceAll(copy.entries());
            groupVersion = copy.version();
            localGroupVersion = groups.dataVersion();
            log.info(
                    "copied {} subscription groups from master {}",
                    copy.entries().size(),
                    master);
        }
        return bytes[0];
    }

    /** Entries of one answer of a paged "get all" request, and the table version they come from. */
    private record Page<T>(Map<String, T> entries, DataVersion version) {}

    /** Builds the request for the page starting at {@code seq}; a null version asks for a probe. */
    @FunctionalInterface
    private interface PageRequest {
        RemotingCommand build(int seq, int max, DataVersion version);
    }

    /**
     * The master's whole table when it changed since {@code copied} or {@code localChanged}; null
     * when neither. Adds the body bytes fetched to {@code bytes[0]}.
     */
    private <T> Page<T> fetchIfChanged(
            String master,
            PageRequest request,
            Function<byte[], Page<T>> decode,
            DataVersion copied,
            boolean localChanged,
            long[] bytes)
            throws RemotingException, InterruptedException {
        RemotingCommand probe = call(master, request.build(0, 1, null));
        bytes[0] += length(probe);
        Page<T> first = decode.apply(probe.body());
        if (first.version().equals(copied) && !localChanged) {
            return null;
        }
        if (first.entries().size() > 1) {
            return first; // a master that does not page answered with the whole table
        }
        DataVersion version = first.version();
        for (int attempt = 0; attempt < RESTARTS_MAX; attempt++) {
            Map<String, T> table = new LinkedHashMap<>();
            int seq = 0;
            DataVersion moved = null;
            for (int page = 0; page < PAGES_MAX && moved == null; page++) {
                RemotingCommand r = call(master, request.build(seq, PAGE_SIZE, version));
                bytes[0] += length(r);
                Page<T> p = decode.apply(r.body());
                if (!p.version().equals(version)) {
                    moved = p.version();
                } else {
                    table.putAll(p.entries());
                    seq += p.entries().size();
                    if (p.entries().size() < PAGE_SIZE) {
                        return new Page<>(table, version);
                    }
                }
            }
            if (moved == null) {
                throw new IllegalStateException("table larger than " + PAGES_MAX * PAGE_SIZE + " entries");
            }
            version = moved;
        }
        throw new IllegalStateException("table kept changing while being copied");
    }

    private static RemotingCommand topicRequest(int seq, int max, DataVersion version) {
        return RemotingCommand.request(
                RequestCode.GET_ALL_TOPIC_CONFIG, new GetAllTopicConfigRequestHeader(seq, max, versionText(version)));
    }

    private static Page<TopicConfig> topicPage(byte[] body) {
        TopicConfigSerializeWrapper w = TopicConfigSerializeWrapper.decode(body);
        return new Page<>(w.topicConfigTable(), w.dataVersion());
    }

    private static RemotingCommand groupRequest(int seq, int max, DataVersion version) {
        return RemotingCommand.request(
                RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG,
                new GetAllSubscriptionGroupRequestHeader(seq, max, versionText(version)));
    }

    private static Page<SubscriptionGroupConfig> groupPage(byte[] body) {
        SubscriptionGroupTable.FileForm form =
                SubscriptionGroupTable.FileForm.fromJson(parse(body, "subscription groups"));
        return new Page<>(form.groups(), form.dataVersion());
    }

    // ---- offsets ---------------------------------------------------------------------------------

    private long copyOffsets(String master) throws RemotingException, InterruptedException, IOException {
        RemotingCommand r = call(master, RemotingCommand.request(RequestCode.GET_ALL_CONSUMER_OFFSET));
        JsonObject table = parse(r.body(), "consumer offsets").getObject("offsetTable");
        boolean changed = false;
        if (table != null) {
            for (Map.Entry<Object, JsonValue> e : table.entries()) {
                String key = JsonObject.keyText(e.getKey());
                int at = key.indexOf('@');
                if (at <= 0 || at == key.length() - 1) {
                    continue;
                }
                String topic = key.substring(0, at);
                String group = key.substring(at + 1);
                for (Map.Entry<Object, JsonValue> q : e.getValue().asObject().entries()) {
                    int queueId =
                            Integer.parseInt(JsonObject.keyText(q.getKey()).trim());
                    long offset = q.getValue().asLong();
                    if (offsets.query(group, topic, queueId) != offset) {
                        offsets.commit(group, topic, queueId, offset);
                        changed = true;
                    }
                }
            }
        }
        if (changed) {
            offsets.persist();
        }
        return length(r);
    }

    private long copyDelays(String master) throws RemotingException, InterruptedException, IOException {
        RemotingCommand r = call(master, RemotingCommand.request(RequestCode.GET_ALL_DELAY_OFFSET));
        JsonObject table = parse(r.body(), "delay offsets").getObject("offsetTable");
        if (table != null) {
            for (Map.Entry<Object, JsonValue> e : table.entries()) {
                int level = Integer.parseInt(JsonObject.keyText(e.getKey()).trim());
                long offset = e.getValue().asLong();
                if (level >= 1 && level <= delays.levels() && offset >= 0) {
                    delays.set(level, offset);
                }
            }
        }
        delays.persist();
        return length(r);
    }

    // ---- calls -----------------------------------------------------------------------------------

    private RemotingCommand call(String master, RemotingCommand request)
            throws RemotingException, InterruptedException {
        RemotingCommand response = client.invokeSync(master, request, CALL_TIMEOUT_MS);
        if (response.code() != ResponseCode.SUCCESS.code()) {
            throw new IllegalStateException(
                    "request " + request.code() + " answered " + response.code() + " " + response.remark());
        }
        if (response.body() == null) {
            throw new IllegalStateException("request " + request.code() + " answered without a body");
        }
        return response;
    }

    private static JsonObject parse(byte[] body, String what) {
        try {
            return JsonReader.parse(body, JsonReader.Limits.DEFAULT).asObject();
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalStateException("bad " + what + " body: " + e.getMessage(), e);
        }
    }

    private static String versionText(DataVersion version) {
        return version == null ? "" : JsonWriter.write(version.toJson(), JsonWriteOptions.FASTJSON);
    }

    private static long length(RemotingCommand r) {
        return r.body() == null ? 0 : r.body().length;
    }

    // ---- figures ---------------------------------------------------------------------------------

    /** Rounds completed. */
    public long rounds() {
        return rounds.get();
    }

    /** Rounds that failed. */
    public long failures() {
        return failures.get();
    }

    /** When the last round completed (clock ms), 0 = never. */
    public long lastCopyMs() {
        return lastCopyMs;
    }

    /** Body bytes the last completed round fetched. */
    public long lastCopyBytes() {
        return lastCopyBytes;
    }

    /** Body bytes fetched by all completed rounds. */
    public long bytesTotal() {
        return bytesTotal.get();
    }

    /** The master rounds copy from now, or null. */
    public String master() {
        return masterAddr.get();
    }

    /** Stops the rounds and closes the scheduler (a round under way is interrupted; bounded wait). */
    @Override
    public void close() {
        scheduler.close();
    }
}
