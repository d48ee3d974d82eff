package dev.skiff.broker.registry;

import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.broker.config.LiveBrokerConfig;
import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.common.concurrent.Scheduler;
import dev.skiff.remoting.RemotingClient;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.RegisterBrokerBody;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.protocol.body.TopicConfigSerializeWrapper;
import dev.skiff.remoting.protocol.header.RegisterBrokerRequestHeader;
import dev.skiff.remoting.protocol.header.RegisterBrokerResponseHeader;
import dev.skiff.remoting.protocol.header.UnregisterBrokerRequestHeader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the broker registered with every name server: once at start, every
 * {@code registerNameServerPeriod}, and soon after any topic change (changes within a short
 * window share one registration) or in the broker's permission. Unregisters at shutdown. The first
 * round runs on the caller of {@link #start}; later rounds run on the {@link Scheduler} it is given
 * and owns ({@code broker-register} in a broker), in parallel to the name servers, each bounded by
 * {@code registerTimeoutMs}.
 *
 * <p>Each topic is registered with its perm limited by the broker's permission, read from the
 * {@link LiveBrokerConfig} at every registration; the other keys it uses cannot change at run time.
 */
public final class NamesrvRegistrar implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NamesrvRegistrar.class);
    /** Topic changes within this window are sent in one registration. */
    static final long CHANGE_DEBOUNCE_MS = 50;

    private final LiveBrokerConfig live;
    private final String brokerAddr;
    private final TopicConfigTable topics;
    private final RemotingClient client;
    private final Scheduler scheduler;
    private final AtomicBoolean changePending = new AtomicBoolean();
    private final AtomicLong registrations = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean closed;
    /** The HA address registered; the broker address until replication sets it. */
    private volatile String haServerAddr;
    /** Told the master's HA and broker addresses a name server answers with (a slave's master). */
    private volatile BiConsumer<String, String> masterListener = (ha, master) -> {};
    /** The master of this broker's group as the name servers last answered (slaves only), or null. */
    private volatile String masterAddr;
    /** Registrations wait while the id is this (controller mode, before the controller decided). */
    public static final long HOLD = -2;
    /** The id registered when set (controller mode: the controller decides); -1 = the config's. */
    private volatile long brokerIdOverride = -1;

    /** @param scheduler runs the periodic and soon-after-a-change rounds; closed by {@link #close} */
    public NamesrvRegistrar(
            LiveBrokerConfig live,
            String brokerAddr,
            TopicConfigTable topics,
            RemotingClient client,
            Scheduler scheduler) {
        this.live = live;
        this.brokerAddr = brokerAddr;
        this.topics = topics;
        this.client = client;
        this.haServerAddr = brokerAddr;
        this.scheduler = scheduler;
    }

    /**
     * Registers with {@code brokerId} from now on instead of the config's (controller mode: 0 as
     * master, the controller's id as slave); -1 goes back to the config's; {@link #HOLD} registers
     * nothing until another id is set.
     */
    public void setBrokerIdOverride(long brokerId) {
        this.brokerIdOverride = brokerId;
    }

    /** The broker id registered now (the override when set, else the config's). */
    public long registeredBrokerId() {
        return brokerId(live.get());
    }

    private long brokerId(BrokerConfig c) {
        long o = brokerIdOverride;
        return o >= 0 ? o : c.brokerId();
    }

    /**
     * Sets the HA address registered ({@code host:port}); before {@link #start()}, or in controller
     * mode when the role changes.
     */
    public void setHaServerAddr(String address) {
        this.haServerAddr = address;
    }

    /**
     * Sets who is told the master addresses (HA address, broker address) in a name server's
     * answer; a name server sets them for a slave whose master is registered. Before {@link #start()}.
     */
    public void setMasterListener(BiConsumer<String, String> listener) {
        this.masterListener = listener;
    }

    /** Registers now (on the calling thread) and schedules the periodic rounds. */
    public void start() {
        topics.addListener(this::onTopicChange);
        try {
            registerAll();
        } catch (RuntimeException e) {
            log.warn("first registration failed", e);
        }
        long period = config().registerNameServerPeriod();
        scheduler.scheduleWithFixedDelay("register", period, period, this::registerAll);
    }

    private void onTopicChange(TopicConfig changed) {
        registerSoon();
    }

    /**
     * Registers within the change window because the broker's permission changed (the caller has
     * put it in the {@link LiveBrokerConfig} already). The topics' data version is bumped first,
     * since that is what makes a name server take the new perms.
     */
    public void onBrokerPermissionChange() {
        topics.bumpDataVersion();
        registerSoon();
    }

    /**
     * Sets the state version registered from now on (the master epoch, in controller mode). A name
     * server refuses a registration for a broker id another broker holds with a higher state
     * version: a master replaced while it was stopped cannot take the master's place in the routes
     * back from its successor when it runs again, before it learns it was replaced.
     */
    public void setStateVersion(long stateVersion) {
        topics.setStateVersion(stateVersion);
    }

    private void registerSoon() {
        if (!closed && changePending.compareAndSet(false, true)) {
            scheduler.schedule("register after a change", CHANGE_DEBOUNCE_MS, () -> {
                changePending.set(false);
                registerAll();
            });
        }
    }

    /** One registration round to every name server; returns how many accepted it. */
    public int registerAll() {
        BrokerConfig c = config();
        if (closed || c.namesrvAddr().isEmpty() || brokerIdOverride == HOLD) {
            return 0;
        }
        byte[] body = new RegisterBrokerBody(registrationTopics(), List.of()).encode(false);
        int crc = RegisterBrokerBody.crc32(body);
        List<CompletableFuture<RemotingCommand>> calls = new ArrayList<>();
        for (String namesrv : c.namesrvAddr()) {
            RemotingCommand request = RemotingCommand.request(
                            RequestCode.REGISTER_BROKER,
                            new RegisterBrokerRequestHeader(
                                    c.brokerName(),
                                    brokerAddr,
                                    c.brokerClusterName(),
                                    haServerAddr,
                                    brokerId(c),
                                    null,
                                    false,
                                    false,
                                    crc))
                    .body(body);
            calls.add(client.invokeAsync(namesrv, request, c.registerTimeoutMs()));
        }
        int ok = 0;
        String master = null;
        for (int i = 0; i < calls.size(); i++) {
            if (awaitOk(c.namesrvAddr().get(i), calls.get(i), "register")) {
                ok++;
                String answered = tellMaster(calls.get(i).getNow(null));
                master = answered != null && !answered.isEmpty() ? answered : master;
            }
        }
        if (ok > 0) {
            masterAddr = master;
        }
        registrations.incrementAndGet();
        return ok;
    }

    /**
     * The topic table as registered: each topic's perm limited by the broker's own. The snapshot
     * is taken before the permission is read: {@link #onBrokerPermissionChange} bumps the version
     * after the new permission is in place, so a snapshot with the new version is never sent with
     * the old permission (a name server would keep that, as the version no longer changes).
     */
    private TopicConfigSerializeWrapper registrationTopics() {
        TopicConfigSerializeWrapper snapshot = topics.snapshot();
        int brokerPerm = config().brokerPermission();
        if ((brokerPerm & (TopicConfig.PERM_READ | TopicConfig.PERM_WRITE))
                == (TopicConfig.PERM_READ | TopicConfig.PERM_WRITE)) {
            return snapshot;
        }
        Map<String, TopicConfig> limited = new LinkedHashMap<>();
        snapshot.topicConfigTable().forEach((name, t) -> limited.put(name, t.withPerm(t.perm() & brokerPerm)));
        return TopicConfigSerializeWrapper.withMapping(limited, snapshot.dataVersion());
    }

    private boolean awaitOk(String namesrv, CompletableFuture<RemotingCommand> call, String what) {
        try {
            RemotingCommand response = call.get(config().registerTimeoutMs() + 1_000, TimeUnit.MILLISECONDS);
            if (response.code() == ResponseCode.SUCCESS.code()) {
                return true;
            }
            failures.incrementAndGet();
            log.warn("{} with name server {} refused: {} {}", what, namesrv, response.code(), response.remark());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failures.incrementAndGet();
            log.warn("{} with name server {} failed: {}", what, namesrv, e.toString());
        }
        return false;
    }

    /** Tells the listener the master's addresses an answer names; returns its masterAddr, or null. */
    private String tellMaster(RemotingCommand answer) {
        if (answer == null) {
            return null;
        }
        try {
            RegisterBrokerResponseHeader h = RegisterBrokerResponseHeader.decode(answer.fields());
            if (h.haServerAddr() != null || h.masterAddr() != null) {
                masterListener.accept(h.haServerAddr(), h.masterAddr());
            }
            return h.masterAddr();
        } catch (RuntimeException e) {
            log.warn("cannot read the master addresses of a registration answer: {}", e.toString());
            return null;
        }
    }

    private BrokerConfig config() {
        return live.get();
    }

    /**
     * The address of this broker group's master from the last registration round any name server
     * accepted ({@code masterAddr} of the answer, given to slaves only); null on a master, before
     * the first round, or when no name server knows a live master.
     */
    public String masterAddr() {
        return masterAddr;
    }

    public long registrations() {
        return registrations.get();
    }

    public long failures() {
        return failures.get();
    }

    /** Stops the rounds and unregisters from every name server (bounded wait). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        scheduler.close();
        BrokerConfig c = config();
        List<CompletableFuture<RemotingCommand>> calls = new ArrayList<>();
        for (String namesrv : c.namesrvAddr()) {
            calls.add(client.invokeAsync(
                    namesrv,
                    RemotingCommand.request(
                            RequestCode.UNREGISTER_BROKER,
                            new UnregisterBrokerRequestHeader(
                                    c.brokerName(), brokerAddr, c.brokerClusterName(), brokerId(c))),
                    Math.min(3_000, c.registerTimeoutMs())));
        }
        for (int i = 0; i < calls.size(); i++) {
            awaitOk(c.namesrvAddr().get(i), calls.get(i), "unregister");
        }
    }
}
