package dev.skiff.broker.ha;

import dev.skiff.common.SkiffClock;
import dev.skiff.store.ReplicaLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A master's HA port: one accept thread ({@code skiff-ha-accept}) and a {@link HaConnection} per
 * slave, at most {@code haSlavesMax} at once (one more is closed at once, with a warning). Every
 * accepted connection passes the {@link HaGate} (allow-list, TLS) first, on the accept thread
 * (bounded by the gate's handshake timeout).
 */
final class HaServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HaServer.class);

    private final ReplicaLog log;
    private final HaSettings settings;
    private final InSyncRule rule;
    private final Runnable onReport;
    private final SkiffClock clock;
    private final HaGate gate;
    private final ServerSocket server;
    private final List<HaConnection> connections = new CopyOnWriteArrayList<>();
    private final List<SlaveLink> links = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean open = true;

    HaServer(
            InetSocketAddress bind,
            ReplicaLog log,
            HaSettings settings,
            InSyncRule rule,
            Runnable onReport,
            HaGate gate,
            SkiffClock clock)
            throws IOException {
        this.log = log;
        this.settings = settings;
        this.rule = rule;
        this.onReport = onReport;
        this.clock = clock;
        this.gate = gate;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(bind, 16);
        this.acceptor = new Thread(this::acceptLoop, "skiff-ha-accept");
        acceptor.setDaemon(true);
    }

    void start() {
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    HaGate gate() {
        return gate;
    }

    /** The connected slaves' links (a live view). */
    List<SlaveLink> links() {
        return links;
    }

    private void acceptLoop() {
        while (open) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (SocketException closed) {
                break;
            } catch (IOException e) {
                LOG.warn("accepting a replication connection failed: {}", e.toString());
                continue;
            }
            if (connections.size() >= settings.slavesMax()) {
                LOG.warn(
                        "refusing replication connection from {}: {} slaves connected already (haSlavesMax)",
                        socket.getRemoteSocketAddress(),
                        connections.size());
                closeQuietly(socket);
                continue;
            }
            Socket admitted = gate.admit(socket);
            if (admitted == null) {
                continue;
            }
            HaConnection[] self = new HaConnection[1];
            HaConnection c = new HaConnection(admitted, log, settings, rule, onReport, () -> remove(self[0]), clock);
            self[0] = c;
            connections.add(c);
            links.add(c.link());
            try {
                c.start();
                LOG.info("slave {} connected for replication", c.link().address);
            } catch (IOException e) {
                LOG.warn("starting replication to {} failed: {}", socket.getRemoteSocketAddress(), e.toString());
                c.close();
            }
        }
    }

    private void remove(HaConnection c) {
        if (c != null) {
            connections.remove(c);
            links.remove(c.link());
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.debug("closing a refused replication socket", e);
        }
    }

    @Override
    public void close() {
        open = false;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the HA port", e);
        }
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (HaConnection c : connections) {
            c.closeAndJoin();
        }
    }
}
