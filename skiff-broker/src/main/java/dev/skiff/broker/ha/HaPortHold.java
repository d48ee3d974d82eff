package dev.skiff.broker.ha;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Keeps a broker's HA port its own while it is not the master, so that the port is free to serve
 * on the day it is promoted. A broker in controller mode starts as a slave and binds its HA port
 * only when it becomes master, maybe hours later; meanwhile any other socket on the machine — an
 * outgoing connection handed that port as its ephemeral one, another server — could take it, and
 * the promotion would then fail on every try. The hold is a TCP socket bound to the port and never
 * connected nor listening: the kernel gives the port to no one else, and a peer that dials it is
 * refused (nothing listens), as before. It is let go right before the HA server binds and taken
 * again right after the server closes on a step down; an unconnected socket closes at once, with
 * no TIME_WAIT. A port of 0 (pick any at promotion) is not held. The hold is strict (without
 * {@code SO_REUSEADDR}, so no other socket may share the port) unless connections of an earlier
 * HA server still linger on the port in TIME_WAIT; then it binds as the HA server does, with
 * {@code SO_REUSEADDR}, which keeps the port from ephemeral use and from servers that do not set
 * that option.
 *
 * <p>Taking it at start means a port already in use fails the broker's start with a clear error,
 * not its first promotion.
 */
public final class HaPortHold implements AutoCloseable {
    private final InetSocketAddress address;
    private Socket socket;

    private HaPortHold(InetSocketAddress address) {
        this.address = address;
    }

    /**
     * Holds {@code host:port} (nothing when {@code port} is 0).
     *
     * @throws IOException naming the port when another socket has it
     */
    public static HaPortHold take(String host, int port) throws IOException {
        HaPortHold hold = new HaPortHold(new InetSocketAddress(host, port));
        hold.retake();
        return hold;
    }

    /** Holds the port again (after {@link #release}); nothing when it is held or is 0. */
    public synchronized void retake() throws IOException {
        if (socket != null || address.getPort() == 0) {
            return;
        }
        try {
            socket = bound(false); // strict: no other socket may share the port, SO_REUSEADDR or not
        } catch (IOException strict) {
            // connections the HA server accepted before a restart or a step down may linger in
            // TIME_WAIT on the port; only SO_REUSEADDR binds beside them (as the server itself does)
            try {
                socket = bound(true);
            } catch (IOException e) {
                BindException named = new BindException(
                        "HA port " + address + " is in use by another socket (haListenPort): " + e.getMessage());
                named.initCause(e);
                throw named;
            }
        }
    }

    private Socket bound(boolean reuseAddress) throws IOException {
        Socket s = new Socket();
        try {
            s.setReuseAddress(reuseAddress);
            s.bind(address);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Lets the port go, for the HA server to bind it next. */
    public synchronized void release() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // an unconnected socket: nothing is left to flush
            }
        }
    }

    /** Whether the port is held now. */
    public synchronized boolean held() {
        return socket != null;
    }

    @Override
    public void close() {
        release();
    }
}
