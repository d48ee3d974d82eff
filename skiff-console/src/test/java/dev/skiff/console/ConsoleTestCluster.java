package dev.skiff.console;

import dev.skiff.broker.it.SkiffTestCluster;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The console tests' cluster: the broker's {@link SkiffTestCluster} (a name server and one broker
 * in this JVM on 127.0.0.1 with free ports), its broker named {@link #BROKER} in {@link #CLUSTER}.
 */
final class ConsoleTestCluster {
    static final String CLUSTER = "ConsoleCluster";
    static final String BROKER = "console-b";

    private ConsoleTestCluster() {}

    static SkiffTestCluster start(Path dir) throws Exception {
        Properties names = new Properties();
        names.setProperty("brokerName", BROKER);
        names.setProperty("brokerClusterName", CLUSTER);
        return SkiffTestCluster.start(dir, names);
    }
}
