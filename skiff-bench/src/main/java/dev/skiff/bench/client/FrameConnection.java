package dev.skiff.bench.client;

import dev.skiff.remoting.codec.CommandDecoder;
import dev.skiff.remoting.codec.FrameEncoder;
import dev.skiff.remoting.codec.MalformedFrameException;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

/**
 * One plain TCP connection that pipelines requests with as little client work as it can: callers
 * encode their request on their own thread and append the frame to a buffer; one writer thread
 * writes whatever has gathered in a single system call; one reader thread decodes the responses
 * and completes each caller's callback on the spot (no hand-off to another thread). Requests time
 * out after {@code timeoutMs}; a broken connection fails every request in flight.
 *
 * <p>The load generator of a broker-bound benchmark: the official client and Skiff's Netty client
 * both spend more CPU per request than a broker spends serving it.
 */
final class FrameConnection implements AutoCloseable {
    static final int FRAME_MAX_BYTES = 16 << 20;
    /** Encoded frames waiting for the writer; a caller that finds more waits. */
    static final int BUFFERED_MAX_BYTES = 4 << 20;

    private static final int READ_BUFFER_BYTES = 1 << 20;
    private static final long SWEEP_NS = TimeUnit.SECONDS.toNanos(1);
    private static final UnpooledByteBufAllocator HEAP = new UnpooledByteBufAllocator(false);

    private final SocketChannel channel;
    private final long timeoutMs;
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition dataReady = lock.newCondition();
    private final Condition roomReady = lock.newCondition();
    private ByteBuf filling = Unpooled.buffer(256 << 10);
    private ByteBuf writing = Unpooled.buffer(256 << 10);
    private volatile Throwable broken;
    private final Thread writer;
    private final Thread reader;

    private record Pending(BiConsumer<RemotingCommand, Throwable> done, long deadlineNs) {}

    FrameConnection(String address, long timeoutMs) throws IOException {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("host:port expected: " + address);
        }
        this.timeoutMs = timeoutMs;
        this.channel = SocketChannel.open(
                new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))));
        channel.socket().setTcpNoDelay(true);
        writer = Thread.ofPlatform().daemon().name("frames-writer-" + address).start(this::writeLoop);
        reader = Thread.ofPlatform().daemon().name("frames-reader-" + address).start(this::readLoop);
    }

    /**
     * Sends {@code request}; {@code done} runs once, on the reader thread with the response, or with
     * the failure (a broken connection, a timeout, a frame that cannot be encoded).
     */
    void send(RemotingCommand request, BiConsumer<RemotingCommand, Throwable> done) {
        ByteBuf frame;
        try {
            frame = FrameEncoder.encode(HEAP, request, SerializeType.JSON, FRAME_MAX_BYTES);
        } catch (RuntimeException e) {
            done.accept(null, e);
            return;
        }
        int opaque = request.opaque();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        pending.put(opaque, new Pending(done, deadline));
        boolean buffered = false;
        lock.lock();
        try {
            while (broken == null && filling.readableBytes() >= BUFFERED_MAX_BYTES) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                roomReady.awaitNanos(left);
            }
            if (broken == null && filling.readableBytes() < BUFFERED_MAX_BYTES) {
                if (!filling.isReadable()) {
                    dataReady.signal();
                }
                filling.writeBytes(frame);
                buffered = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
            frame.release();
        }
        if (!buffered) {
            fail(opaque, broken != null ? broken : new TimeoutException("no room to buffer the request"));
        } else if (broken != null) {
            fail(opaque, broken);
        }
    }

    private void fail(int opaque, Throwable failure) {
        Pending p = pending.remove(opaque);
        if (p != null) {
            p.done().accept(null, failure);
        }
    }

    private void writeLoop() {
        long nextSweep = System.nanoTime() + SWEEP_NS;
        try {
            while (broken == null) {
                lock.lock();
                try {
                    while (broken == null && !filling.isReadable() && System.nanoTime() - nextSweep < 0) {
                        dataReady.awaitNanos(SWEEP_NS);
                    }
                    ByteBuf full = filling;
                    filling = writing;
                    writing = full;
                    roomReady.signalAll();
                } finally {
                    lock.unlock();
                }
                ByteBuffer out = writing.nioBuffer();
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                writing.clear();
                long now = System.nanoTime();
                if (now - nextSweep > 0) {
                    expire(now);
                    nextSweep = now + SWEEP_NS;
                }
            }
        } catch (IOException | RuntimeException e) {
            breakWith(e);
        } catch (InterruptedException e) {
            breakWith(new IOException("connection closed"));
        }
    }

    private void readLoop() {
        ByteBuf in = Unpooled.buffer(READ_BUFFER_BYTES);
        CommandDecoder decoder = new CommandDecoder();
        try {
            while (broken == null) {
                if (in.writableBytes() == 0) {
                    in.discardReadBytes();
                    if (in.writableBytes() == 0) {
                        in.capacity(Math.min(FRAME_MAX_BYTES + 4, in.capacity() * 2));
                    }
                }
                ByteBuffer target = in.nioBuffer(in.writerIndex(), in.writableBytes());
                int n = channel.read(target);
                if (n < 0) {
                    throw new IOException("the broker closed the connection");
                }
                in.writerIndex(in.writerIndex() + n);
                while (in.readableBytes() >= 4) {
                    int length = in.getInt(in.readerIndex());
                    if (length < 4 || length > FRAME_MAX_BYTES) {
                        throw new MalformedFrameException("response frame of " + length + " bytes");
                    }
                    if (in.readableBytes() < 4 + length) {
                        break;
                    }
                    RemotingCommand response = decoder.decode(in, in.readerIndex() + 4, length);
                    in.skipBytes(4 + length);
                    Pending p = pending.remove(response.opaque());
                    if (p != null) {
                        p.done().accept(response, null);
                    }
                }
                if (in.readableBytes() == 0) {
                    in.clear();
                }
            }
        } catch (IOException | MalformedFrameException | RuntimeException e) {
            breakWith(e);
        }
    }

    /** Fails the requests whose deadline passed (the writer thread checks about once a second). */
    private void expire(long now) {
        for (var e : pending.entrySet()) {
            if (now - e.getValue().deadlineNs() > 0) {
                fail(e.getKey(), new TimeoutException("no response within " + timeoutMs + " ms"));
            }
        }
    }

    private void breakWith(Throwable failure) {
        lock.lock();
        try {
            if (broken == null) {
                broken = failure;
            }
            dataReady.signalAll();
            roomReady.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // already broken: nothing more to report
        }
        for (Integer opaque : pending.keySet()) {
            fail(opaque, broken);
        }
    }

    @Override
    public void close() {
        breakWith(new IOException("connection closed"));
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
