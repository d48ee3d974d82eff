package dev.skiff.namesrv.route;

import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.protocol.body.DataVersion;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.protocol.body.TopicConfigSerializeWrapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders of registrations for registry tests. */
final class Registrations {
    private Registrations() {}

    /**
     * A topic table; a lone topic gets TBW102 for company, because (as on the official name server)
     * a first registration listing exactly one topic is refused as a premature single-topic update.
     */
    static TopicConfigSerializeWrapper topics(DataVersion version, TopicConfig... configs) {
        Map<String, TopicConfig> table = new LinkedHashMap<>();
        if (configs.length == 1) {
            table.put("TBW102", TopicConfig.of("TBW102", 8, 8, 7));
        }
        for (TopicConfig c : configs) {
            table.put(c.topicName(), c);
        }
        return TopicConfigSerializeWrapper.withMapping(table, version);
    }

    static BrokerRegistration reg(
            String addr,
            String name,
            long id,
            Boolean actingMaster,
            TopicConfigSerializeWrapper topics,
            RemotingChannel ch) {
        return new BrokerRegistration(
                "DefaultCluster",
                addr,
                name,
                id,
                addr.replace(":109", ":119"),
                null,
                null,
                actingMaster,
                topics,
                List.of(),
                ch);
    }
}
