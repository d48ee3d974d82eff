package dev.skiff.bench.feature;

import dev.skiff.bench.process.ServerProcess;
import dev.skiff.bench.process.Servers;
import dev.skiff.bench.workload.ProcStat;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A name server and a master broker, optionally with one slave, for one system, started as child
 * JVMs and stopped by PID (slave, master, name server) on close. Ports are picked free at start;
 * the replication port is set explicitly on both brokers (Apache's default is a fixed port) and
 * Apache's HA address is pinned to 127.0.0.1 ({@code brokerIP2}), like its client address.
 */
public final class FeatureCluster implements AutoCloseable {
    private final ServerProcess namesrv;
    private final ServerProcess master;
    private final ServerProcess slave;

    private FeatureCluster(ServerProcess namesrv, ServerProcess master, ServerProcess slave) {
        this.namesrv = namesrv;
        this.master = master;
        this.slave = slave;
    }

    /**
     * Starts the name server and a master with {@code masterProps}; with a non-null
     * {@code slaveProps} also a slave (brokerId 1, role SLAVE) of the same broker name.
     */
    public static FeatureCluster start(
            Servers servers,
            String system,
            Path dir,
            Map<String, String> masterProps,
            Map<String, String> slaveProps,
            PrintStream out)
            throws Exception {
        boolean skiff = system.equals("skiff");
        int nsPort = ServerProcess.freePort();
        ServerProcess ns = skiff
                ? servers.skiffNamesrv(dir.resolve("namesrv"), nsPort)
                : servers.apacheNamesrv(dir.resolve("namesrv"), nsPort);
        ServerProcess m = null;
        ServerProcess s = null;
        try {
            m = broker(servers, skiff, dir.resolve("master"), ns.address(), withHaPort(masterProps, skiff));
            if (slaveProps != null) {
                Map<String, String> props = new LinkedHashMap<>(slaveProps);
                props.put("brokerId", "1");
                props.put("brokerRole", "SLAVE");
                s = broker(servers, skiff, dir.resolve("slave"), ns.address(), withHaPort(props, skiff));
            }
            out.printf(
                    "[%s] name server pid %d, master pid %d%s%n",
                    system, ns.pid(), m.pid(), s == null ? "" : ", slave pid " + s.pid());
            return new FeatureCluster(ns, m, s);
        } catch (Exception e) {
            closeAll(s, m, ns);
            throw e;
        }
    }

    private static ServerProcess broker(Servers servers, boolean skiff, Path dir, String ns, Map<String, String> props)
            throws Exception {
        int port = ServerProcess.freePort();
        return skiff
                ? servers.skiffBroker(dir, port, ns, "ASYNC_FLUSH", props)
                : servers.apacheBroker(dir, port, ns, "ASYNC_FLUSH", props);
    }

    private static Map<String, String> withHaPort(Map<String, String> props, boolean skiff) throws Exception {
        Map<String, String> all = new LinkedHashMap<>(props);
        all.putIfAbsent("haListenPort", Integer.toString(ServerProcess.freePort()));
        if (!skiff) {
            all.putIfAbsent("brokerIP2", "127.0.0.1");
        }
        return all;
    }

    public String namesrvAddress() {
        return namesrv.address();
    }

    public ServerProcess master() {
        return master;
    }

    /** The slave, or null. */
    public ServerProcess slave() {
        return slave;
    }

    public ProcStat masterProbe() {
        return new ProcStat(master.pid());
    }

    @Override
    public void close() {
        closeAll(slave, master, namesrv);
    }

    private static void closeAll(ServerProcess... processes) {
        for (ServerProcess p : processes) {
            if (p != null) {
                p.close();
            }
        }
    }
}
