package dev.skiff.remoting.protocol.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.remoting.protocol.HeaderException;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.HashMap;
import java.util.Map;
import org.apache.rocketmq.remoting.CommandCustomHeader;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.junit.jupiter.api.Test;

/** Ext fields written by the official header classes decode here, and ours decode there. */
class OfficialHeaderCompatibilityTest {

    private static Map<String, String> officialFields(CommandCustomHeader header) {
        RemotingCommand cmd = RemotingCommand.createRequestCommand(103, header);
        cmd.makeCustomHeaderToNet();
        return new HashMap<>(cmd.getExtFields());
    }

    private static <T extends CommandCustomHeader> T officialDecode(Map<String, String> fields, Class<T> type)
            throws Exception {
        RemotingCommand cmd = RemotingCommand.createRequestCommand(103, null);
        cmd.setExtFields(new HashMap<>(fields));
        return type.cast(cmd.decodeCommandCustomHeader(type));
    }

    @Test
    void registerBrokerRequestBothWays() throws Exception {
        var official = new org.apache.rocketmq.remoting.protocol.header.namesrv.RegisterBrokerRequestHeader();
        official.setBrokerName("broker-a");
        official.setBrokerAddr("127.0.0.1:10911");
        official.setClusterName("DefaultCluster");
        official.setHaServerAddr("127.0.0.1:10912");
        official.setBrokerId(1L);
        official.setHeartbeatTimeoutMillis(30_000L);
        official.setEnableActingMaster(false);
        official.setCompressed(false);
        official.setBodyCrc32(12345);
        RegisterBrokerRequestHeader ours =
                RegisterBrokerRequestHeader.decode(new HeaderFields(officialFields(official)));
        assertThat(ours)
                .isEqualTo(new RegisterBrokerRequestHeader(
                        "broker-a",
                        "127.0.0.1:10911",
                        "DefaultCluster",
                        "127.0.0.1:10912",
                        1,
                        30_000L,
                        false,
                        false,
                        12345));

        Map<String, String> fields = new HashMap<>();
        ours.writeTo(fields);
        var back = officialDecode(
                fields, org.apache.rocketmq.remoting.protocol.header.namesrv.RegisterBrokerRequestHeader.class);
        assertThat(back.getBrokerId()).isEqualTo(1L);
        assertThat(back.getBodyCrc32()).isEqualTo(12345);
        assertThat(back.getHeartbeatTimeoutMillis()).isEqualTo(30_000L);
        assertThat(back.getHaServerAddr()).isEqualTo("127.0.0.1:10912");
    }

    @Test
    void routeRequestCarriesOfficialBaseKeysWhichAreIgnored() {
        var official = new org.apache.rocketmq.remoting.protocol.header.namesrv.GetRouteInfoRequestHeader();
        official.setTopic("TopicTest");
        official.setAcceptStandardJsonOnly(true);
        official.setLo(false);
        official.setBrokerName("x");
        GetRouteInfoRequestHeader ours = GetRouteInfoRequestHeader.decode(new HeaderFields(officialFields(official)));
        assertThat(ours).isEqualTo(new GetRouteInfoRequestHeader("TopicTest", true));
    }

    @Test
    void responsesDecodeOnTheOfficialSide() throws Exception {
        Map<String, String> fields = new HashMap<>();
        new RegisterBrokerResponseHeader("127.0.0.1:10912", "127.0.0.1:10911").writeTo(fields);
        var reg = officialDecode(
                fields, org.apache.rocketmq.remoting.protocol.header.namesrv.RegisterBrokerResponseHeader.class);
        assertThat(reg.getMasterAddr()).isEqualTo("127.0.0.1:10911");

        fields.clear();
        new WipeWritePermOfBrokerResponseHeader(3).writeTo(fields);
        assertThat(officialDecode(
                                fields,
                                org.apache.rocketmq.remoting.protocol.header.namesrv.WipeWritePermOfBrokerResponseHeader
                                        .class)
                        .getWipeTopicCount())
                .isEqualTo(3);

        fields.clear();
        new QueryDataVersionResponseHeader(true).writeTo(fields);
        assertThat(officialDecode(
                                fields,
                                org.apache.rocketmq.remoting.protocol.header.namesrv.QueryDataVersionResponseHeader
                                        .class)
                        .getChanged())
                .isTrue();

        fields.clear();
        new GetKvConfigResponseHeader("v").writeTo(fields);
        assertThat(officialDecode(
                                fields,
                                org.apache.rocketmq.remoting.protocol.header.namesrv.GetKVConfigResponseHeader.class)
                        .getValue())
                .isEqualTo("v");
    }

    @Test
    void heartbeatAndKvRequestsFromOfficialFields() {
        var hb = new org.apache.rocketmq.remoting.protocol.header.namesrv.BrokerHeartbeatRequestHeader();
        hb.setClusterName("c");
        hb.setBrokerAddr("a:1");
        hb.setBrokerName("b");
        hb.setBrokerId(0L);
        hb.setHeartbeatTimeoutMills(5000L);
        BrokerHeartbeatRequestHeader ours = BrokerHeartbeatRequestHeader.decode(new HeaderFields(officialFields(hb)));
        assertThat(ours.heartbeatTimeoutMills()).isEqualTo(5000L);
        assertThat(ours.brokerId()).isZero();

        var put = new org.apache.rocketmq.remoting.protocol.header.namesrv.PutKVConfigRequestHeader();
        put.setNamespace("ns");
        put.setKey("k");
        put.setValue("v");
        assertThat(PutKvConfigRequestHeader.decode(new HeaderFields(officialFields(put))))
                .isEqualTo(new PutKvConfigRequestHeader("ns", "k", "v"));

        var del = new org.apache.rocketmq.remoting.protocol.header.namesrv.DeleteTopicFromNamesrvRequestHeader();
        del.setTopic("t");
        assertThat(DeleteTopicFromNamesrvRequestHeader.decode(new HeaderFields(officialFields(del))))
                .isEqualTo(new DeleteTopicFromNamesrvRequestHeader("t", null));
    }

    @Test
    void missingOrBadRequiredFieldsAreNamed() {
        assertThatThrownBy(() -> RegisterBrokerRequestHeader.decode(new HeaderFields(Map.of("brokerName", "b"))))
                .isInstanceOf(HeaderException.class)
                .hasMessageContaining("'brokerAddr' is missing");
        assertThatThrownBy(() -> UnregisterBrokerRequestHeader.decode(new HeaderFields(
                        Map.of("brokerName", "b", "brokerAddr", "a", "clusterName", "c", "brokerId", "x"))))
                .isInstanceOf(HeaderException.class)
                .hasMessageContaining("'brokerId' is not a long integer");
    }
}
