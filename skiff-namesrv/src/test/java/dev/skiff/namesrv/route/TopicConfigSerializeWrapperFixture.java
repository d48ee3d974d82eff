package dev.skiff.namesrv.route;

import dev.skiff.remoting.protocol.body.DataVersion;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.protocol.body.TopicConfigSerializeWrapper;
import java.util.Map;

final class TopicConfigSerializeWrapperFixture {
    private TopicConfigSerializeWrapperFixture() {}

    static TopicConfigSerializeWrapper single(String topic) {
        return TopicConfigSerializeWrapper.withMapping(
                Map.of(topic, TopicConfig.of(topic, 4, 4, 6)), new DataVersion(0, 1, 1));
    }
}
