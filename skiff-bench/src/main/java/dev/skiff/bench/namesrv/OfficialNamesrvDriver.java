package dev.skiff.bench.namesrv;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigAndMappingSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.header.namesrv.GetRouteInfoRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.namesrv.RegisterBrokerRequestHeader;

/**
 * Talks to a name server with the official RocketMQ remoting client, as official brokers and
 * clients do: registers a broker with topics, then looks routes up with synchronous calls.
 */
final class OfficialNamesrvDriver implements AutoCloseable {
    private static final long TIMEOUT_MS = 3_000;

    private final NettyRemotingClient client;
    private final String address;

    static {
        // Official brokers and clients announce their release in every command; without it the
        // name server reads a registration body in the pre-3.0.11 format and drops its topics.
        System.setProperty(RemotingCommand.REMOTING_VERSION_KEY, "479");
    }

    OfficialNamesrvDriver(String address) {
        this.address = address;
        this.client = new NettyRemotingClient(new NettyClientConfig());
        this.client.start();
    }

    /** Registers broker {@code brokerName} at {@code brokerAddr} hosting {@code topics} (4/4 queues each). */
    void registerBroker(String cluster, String brokerName, String brokerAddr, List<String> topics) throws Exception {
        TopicConfigAndMappingSerializeWrapper wrapper = new TopicConfigAndMappingSerializeWrapper();
        ConcurrentHashMap<String, TopicConfig> table = new ConcurrentHashMap<>();
        for (String topic : topics) {
            table.put(topic, new TopicConfig(topic, 4, 4, 6));
        }
        wrapper.setTopicConfigTable(table);
        RegisterBrokerBody body = new RegisterBrokerBody();
        body.setTopicConfigSerializeWrapper(wrapper);
        body.setFilterServerList(new ArrayList<>());
        byte[] bytes = body.encode(false);
        CRC32 crc = new CRC32();
        crc.update(bytes);

        RegisterBrokerRequestHeader header = new RegisterBrokerRequestHeader();
        header.setBrokerName(brokerName);
        header.setBrokerAddr(brokerAddr);
        header.setClusterName(cluster);
        header.setHaServerAddr(brokerAddr);
        header.setBrokerId(0L);
        header.setEnableActingMaster(false);
        header.setCompressed(false);
        header.setBodyCrc32((int) (crc.getValue() & 0x7FFFFFFF));
        RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.REGISTER_BROKER, header);
        request.setBody(bytes);
        RemotingCommand response = client.invokeSync(address, request, TIMEOUT_MS);
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw new IllegalStateException(
                    "register broker failed: " + response.getCode() + " " + response.getRemark());
        }
    }

    /** One route lookup; returns the body length, throws if the answer is not a route. */
    int route(String topic) throws Exception {
        GetRouteInfoRequestHeader header = new GetRouteInfoRequestHeader();
        header.setTopic(topic);
        RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.GET_ROUTEINFO_BY_TOPIC, header);
        RemotingCommand response = client.invokeSync(address, request, TIMEOUT_MS);
        if (response.getCode() != ResponseCode.SUCCESS || response.getBody() == null) {
            throw new IllegalStateException(
                    "route of " + topic + " failed: " + response.getCode() + " " + response.getRemark());
        }
        return response.getBody().length;
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
