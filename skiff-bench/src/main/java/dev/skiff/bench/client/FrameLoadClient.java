package dev.skiff.bench.client;

import dev.skiff.remoting.RemotingException;
import dev.skiff.remoting.RpcHook;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.header.SendMessageRequestHeader;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.rocketmq.common.message.MessageClientIDSetter;

/**
 * A lean load generator: its producers put {@code SEND_MESSAGE_V2} requests straight on the wire
 * to the one broker of a run, each producer over one plain TCP connection ({@link
 * FrameConnection}: Skiff's frame codec, writes gathered, answers handled on the reading thread).
 * The requests carry JSON headers with the fields and properties the official producer sends (a
 * fresh {@code UNIQ_KEY} per message, {@code WAIT}, tags, keys, the default topic {@code TBW102}
 * with 4 queues, the queue chosen round robin) and, with authentication on, the same {@code
 * AccessKey} / {@code Signature} fields. Consumers and
 * topic creation are the official client's ({@code delegate}).
 *
 * <p>It exists to make the broker the bottleneck on a small machine: the official producer needs
 * more CPU per message than the broker it loads, so with the two on cores of their own the client
 * would set the pace. Batches are not built here (w3 needs the official client), and there is no
 * TLS.
 */
public final class FrameLoadClient implements LoadClient {
    /** The official producer's template topic and its queue count for a topic it creates by sending. */
    static final String DEFAULT_TOPIC = "TBW102";

    static final int DEFAULT_TOPIC_QUEUES = 4;
    private static final char NAME_VALUE = '\u0001';
    private static final char PROPERTY_END = '\u0002';

    private final LoadClient delegate;
    private final String brokerAddr;
    private final String brokerName;
    private final Supplier<RpcHook> signer;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    /**
     * @param delegate serves consumers and topic creation
     * @param brokerAddr the broker every send goes to ("host:port")
     * @param brokerName its name, sent in the header as the official producer does
     * @param signer a fresh signing hook per producer, or null for unsigned requests
     */
    public FrameLoadClient(LoadClient delegate, String brokerAddr, String brokerName, Supplier<RpcHook> signer) {
        if (delegate == null || brokerAddr == null || brokerName == null) {
            throw new IllegalArgumentException("a delegate, a broker address and a broker name are needed");
        }
        this.delegate = delegate;
        this.brokerAddr = brokerAddr;
        this.brokerName = brokerName;
        this.signer = signer;
    }

    @Override
    public String name() {
        return "skiff-frames";
    }

    @Override
    public LoadProducer producer(String group, long sendTimeoutMs) throws java.io.IOException {
        Producer p = new Producer(
                new FrameConnection(brokerAddr, sendTimeoutMs), signer == null ? null : signer.get(), group);
        open.add(p);
        return p;
    }

    @Override
    public LoadConsumer pushConsumer(String group, String topic, ReceiveListener listener) throws Exception {
        return delegate.pushConsumer(group, topic, listener);
    }

    @Override
    public void createTopics(String existingTopic, List<String> topics, int queues) throws Exception {
        delegate.createTopics(existingTopic, topics, queues);
    }

    @Override
    public void close() {
        Closeables.closeAll(open);
        delegate.close();
    }

    /** The properties string the official producer sends for {@code m}, with a fresh unique key. */
    static String properties(BenchMessage m, String uniqueKey) {
        StringBuilder b = new StringBuilder(96);
        if (m.key() != null) {
            property(b, "KEYS", m.key());
        }
        if (m.tag() != null) {
            property(b, "TAGS", m.tag());
        }
        if (m.stampNs() >= 0) {
            property(b, BenchMessage.STAMP_PROPERTY, Long.toString(m.stampNs()));
        }
        property(b, "UNIQ_KEY", uniqueKey);
        property(b, "WAIT", "true");
        return b.toString();
    }

    private static void property(StringBuilder b, String name, String value) {
        b.append(name).append(NAME_VALUE).append(value).append(PROPERTY_END);
    }

    /** Throws unless {@code response} says SUCCESS. */
    static void check(String brokerAddr, RemotingCommand response) throws RemotingException {
        if (response.code() != ResponseCode.SUCCESS.code()) {
            throw new RemotingException(
                    brokerAddr,
                    "send refused: code " + response.code()
                            + (response.remark() == null ? "" : ", " + response.remark()),
                    null);
        }
    }

    private final class Producer implements LoadProducer {
        private final FrameConnection connection;
        private final RpcHook signer;
        private final String group;
        private final AtomicInteger nextQueue = new AtomicInteger();

        Producer(FrameConnection connection, RpcHook signer, String group) {
            this.connection = connection;
            this.signer = signer;
            this.group = group;
        }

        private RemotingCommand request(List<BenchMessage> messages) {
            if (messages.size() != 1) {
                throw new UnsupportedOperationException(
                        "the frame load client sends single messages; batches need the official client");
            }
            BenchMessage m = messages.getFirst();
            int queue = Math.floorMod(nextQueue.getAndIncrement(), DEFAULT_TOPIC_QUEUES);
            SendMessageRequestHeader header = new SendMessageRequestHeader(
                    group,
                    m.topic(),
                    DEFAULT_TOPIC,
                    DEFAULT_TOPIC_QUEUES,
                    queue,
                    0,
                    System.currentTimeMillis(),
                    0,
                    properties(m, MessageClientIDSetter.createUniqID()),
                    0,
                    false,
                    null,
                    false,
                    brokerName);
            RemotingCommand request = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, header.asV2())
                    .body(m.body());
            if (signer != null) {
                signer.beforeRequest(brokerAddr, request);
            }
            return request;
        }

        @Override
        public void sendSync(List<BenchMessage> messages) throws Exception {
            CompletableFuture<Void> acked = new CompletableFuture<>();
            sendAsync(messages, failure -> {
                if (failure == null) {
                    acked.complete(null);
                } else {
                    acked.completeExceptionally(failure);
                }
            });
            try {
                acked.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }

        @Override
        public void sendAsync(List<BenchMessage> messages, Completion done) {
            RemotingCommand request;
            try {
                request = request(messages);
            } catch (RuntimeException e) {
                done.done(e);
                return;
            }
            connection.send(request, (response, failure) -> {
                if (failure != null) {
                    done.done(failure);
                    return;
                }
                try {
                    check(brokerAddr, response);
                    done.done(null);
                } catch (RemotingException e) {
                    done.done(e);
                }
            });
        }

        @Override
        public void sendOneway(BenchMessage message) throws Exception {
            sendSync(List.of(message));
        }

        @Override
        public void close() {
            connection.close();
        }
    }
}
