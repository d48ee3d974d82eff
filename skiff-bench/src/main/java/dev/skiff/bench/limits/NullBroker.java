package dev.skiff.bench.limits;

import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.RemotingServerConfig;
import dev.skiff.remoting.RequestContext;
import dev.skiff.remoting.RequestProcessor;
import dev.skiff.remoting.netty.NettyRemotingServer;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.BrokerData;
import dev.skiff.remoting.protocol.body.ConsumerIdList;
import dev.skiff.remoting.protocol.body.HeartbeatData;
import dev.skiff.remoting.protocol.body.JsonForm;
import dev.skiff.remoting.protocol.body.QueueData;
import dev.skiff.remoting.protocol.body.TopicRouteData;
import dev.skiff.remoting.protocol.header.GetMaxOffsetResponseHeader;
import dev.skiff.remoting.protocol.header.PullMessageResponseHeader;
import dev.skiff.remoting.protocol.header.QueryConsumerOffsetResponseHeader;
import dev.skiff.remoting.protocol.header.SendMessageResponseHeader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A broker that does no work: the ceiling of what the client and the machine can do. It is its
 * own name server (give its address to the client as {@code namesrvAddr}) and answers, from
 * memory and on the I/O thread:
 *
 * <ul>
 *   <li>{@code GET_ROUTEINFO_BY_TOPIC} (105): every topic exists, 4 queues, on this broker;
 *   <li>sends (10, 310, 320): success with a made-up offset; nothing is stored;
 *   <li>pulls (11): {@code FOUND} with up to 32 records from a pre-built batch of the pulled
 *       topic, numbered from the pulled offset (never empty, never waits);
 *   <li>heartbeats (34): remembers the consumer client ids per group (bounded), so that
 *       {@code GET_CONSUMER_LIST_BY_GROUP} (38) lets the consumer rebalance;
 *   <li>offset queries (14, 30): 0; everything else: plain success.
 * </ul>
 */
public final class NullBroker implements AutoCloseable {
    static final String BROKER_NAME = "null-broker";
    static final int QUEUES = 4;
    private static final int GROUPS_MAX = 1_000;
    private static final int CLIENTS_PER_GROUP_MAX = 1_000;
    private static final int TOPIC_BATCHES_MAX = 2_048;
    private static final String MSG_ID = "7F00000100002A9F0000000000000000";

    private final int bodyBytes;
    private final NettyRemotingServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "null-broker");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong sendOffset = new AtomicLong();
    private final AtomicLong sends = new AtomicLong();
    private final AtomicLong pulledMessages = new AtomicLong();
    private final Map<String, Set<String>> consumersByGroup = new ConcurrentHashMap<>();
    private final Map<String, NullBrokerRecords> batches = new ConcurrentHashMap<>();
    private volatile String address;
    private volatile int port;
    private volatile byte[] routeBody;

    /** A null broker on 127.0.0.1 (free port) whose pulls return {@code bodyBytes} bodies. */
    public NullBroker(int bodyBytes) {
        this.bodyBytes = bodyBytes;
        server = new NettyRemotingServer(RemotingServerConfig.defaults(0).withBindHost("127.0.0.1"));
        server.registerDefaultProcessor(inline(this::answer), executor);
    }

    public NullBroker start() throws InterruptedException {
        port = server.start().getPort();
        address = "127.0.0.1:" + port;
        routeBody = new TopicRouteData(
                        null,
                        List.of(new QueueData(BROKER_NAME, QUEUES, QUEUES, 6, 0)),
                        List.of(new BrokerData("NullCluster", BROKER_NAME, Map.of(0L, address), false, null)),
                        Map.of(),
                        null)
                .encode(JsonForm.STANDARD);
        return this;
    }

    /** Name server and broker address. */
    public String address() {
        return address;
    }

    /** Send requests answered so far. */
    public long sends() {
        return sends.get();
    }

    /** Messages handed out by pulls so far. */
    public long pulledMessages() {
        return pulledMessages.get();
    }

    @Override
    public void close() {
        server.shutdown();
        executor.shutdownNow();
    }

    private RemotingCommand answer(RemotingChannel channel, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.GET_ROUTEINFO_BY_TOPIC -> RemotingCommand.success().body(routeBody);
            case RequestCode.SEND_MESSAGE, RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE -> send(request);
            case RequestCode.PULL_MESSAGE -> pull(request);
            case RequestCode.HEART_BEAT -> heartbeat(request);
            case RequestCode.GET_CONSUMER_LIST_BY_GROUP -> consumerList(request);
            case RequestCode.QUERY_CONSUMER_OFFSET -> RemotingCommand.success(new QueryConsumerOffsetResponseHeader(0));
            case RequestCode.GET_MAX_OFFSET -> RemotingCommand.success(new GetMaxOffsetResponseHeader(0));
            default -> RemotingCommand.success();
        };
    }

    private RemotingCommand send(RemotingCommand request) {
        sends.incrementAndGet();
        String queue = request.code() == RequestCode.SEND_MESSAGE ? request.extField("queueId") : request.extField("e");
        int queueId = parseInt(queue, 0);
        return RemotingCommand.success(
                new SendMessageResponseHeader(MSG_ID, Math.max(0, queueId), sendOffset.getAndIncrement(), null, null));
    }

    private RemotingCommand pull(RemotingCommand request) {
        String topic = request.extField("topic");
        int queueId = parseInt(request.extField("queueId"), 0);
        long offset = parseLong(request.extField("queueOffset"), 0);
        int max = parseInt(request.extField("maxMsgNums"), NullBrokerRecords.RECORDS);
        if (topic == null || offset < 0) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "pull without topic or offset");
        }
        NullBrokerRecords records = batches.get(topic);
        if (records == null) {
            String key = batches.size() < TOPIC_BATCHES_MAX ? topic : "NullBrokerTopic";
            records = batches.computeIfAbsent(key, t -> new NullBrokerRecords(t, bodyBytes, port));
        }
        int n = Math.clamp(max, 1, NullBrokerRecords.RECORDS);
        pulledMessages.addAndGet(n);
        return RemotingCommand.success(new PullMessageResponseHeader(0, offset + n, 0, Long.MAX_VALUE / 2))
                .body(records.answer(queueId, offset, n));
    }

    private RemotingCommand heartbeat(RemotingCommand request) {
        if (request.body() == null) {
            return RemotingCommand.success();
        }
        HeartbeatData data = HeartbeatData.decode(request.body());
        for (HeartbeatData.ConsumerData c : data.consumerDataSet()) {
            if (consumersByGroup.size() >= GROUPS_MAX && !consumersByGroup.containsKey(c.groupName())) {
                continue;
            }
            Set<String> clients = consumersByGroup.computeIfAbsent(c.groupName(), g -> ConcurrentHashMap.newKeySet());
            if (clients.size() < CLIENTS_PER_GROUP_MAX) {
                clients.add(data.clientID());
            }
        }
        return RemotingCommand.success();
    }

    private RemotingCommand consumerList(RemotingCommand request) {
        Set<String> clients = consumersByGroup.getOrDefault(request.extField("consumerGroup"), Set.of());
        return RemotingCommand.success().body(new ConsumerIdList(List.copyOf(clients)).encode());
    }

    private static int parseInt(String s, int otherwise) {
        try {
            return s == null ? otherwise : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static long parseLong(String s, long otherwise) {
        try {
            return s == null ? otherwise : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** Answers on the I/O thread; the same answer on the executor if the inline path declines. */
    private static RequestProcessor inline(Answer answer) {
        return new RequestProcessor() {
            @Override
            public void process(RequestContext ctx, RemotingCommand request) {
                ctx.respond(answer.apply(ctx.channel(), request));
            }

            @Override
            public RemotingCommand answerInline(RemotingChannel channel, RemotingCommand request) {
                return answer.apply(channel, request);
            }
        };
    }

    @FunctionalInterface
    private interface Answer {
        RemotingCommand apply(RemotingChannel channel, RemotingCommand request);
    }
}
