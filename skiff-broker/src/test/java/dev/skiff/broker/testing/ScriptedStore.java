package dev.skiff.broker.testing;

import dev.skiff.store.MessageStore;
import dev.skiff.store.PutStatus;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real store whose answers a test can script: the next appends may be answered with a given
 * status (DISK_FULL, STORE_FAILED, WOULD_WAIT...) without touching the log, and flush waits may
 * complete with a given status (FLUSH_DISK_TIMEOUT) after a real append. Everything else, reads
 * included, is the real store's; the interface's own default methods ({@code putMessage} and its
 * kin) run unchanged on top, so the code under test sees exactly the store's contract.
 */
public final class ScriptedStore {
    private static final Set<String> APPENDS =
            Set.of("append", "appendAll", "appendWithoutWaiting", "appendAllWithoutWaiting");

    private final MessageStore real;
    private final MessageStore proxy;
    private final ConcurrentLinkedQueue<PutStatus> appendAnswers = new ConcurrentLinkedQueue<>();
    private final AtomicInteger appendCalls = new AtomicInteger();
    private final AtomicInteger nonWaitingCalls = new AtomicInteger();
    private volatile PutStatus flushAnswer;

    public ScriptedStore(MessageStore real) {
        this.real = real;
        this.proxy = (MessageStore) Proxy.newProxyInstance(
                MessageStore.class.getClassLoader(), new Class<?>[] {MessageStore.class}, this::invoke);
    }

    /** The store to hand to the code under test. */
    public MessageStore store() {
        return proxy;
    }

    /** The next append (of any kind) answers {@code status} and appends nothing. */
    public void answerNextAppend(PutStatus status) {
        appendAnswers.add(status);
    }

    /** Every flush wait from now on completes with {@code status}; null restores the real ones. */
    public void answerFlushes(PutStatus status) {
        this.flushAnswer = status;
    }

    /** Appends asked of the store (scripted or real). */
    public int appendCalls() {
        return appendCalls.get();
    }

    /** Of those, the appends that must not wait (the I/O-thread path). */
    public int nonWaitingAppendCalls() {
        return nonWaitingCalls.get();
    }

    private Object invoke(Object self, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (APPENDS.contains(name)) {
            appendCalls.incrementAndGet();
            if (name.endsWith("WithoutWaiting")) {
                nonWaitingCalls.incrementAndGet();
            }
            PutStatus scripted = appendAnswers.poll();
            if (scripted != null) {
                return scripted;
            }
        }
        PutStatus flush = flushAnswer;
        if (flush != null && name.equals("whenFlushed") && method.getReturnType() == CompletableFuture.class) {
            return CompletableFuture.completedFuture(flush);
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(self, method, args);
        }
        try {
            return method.invoke(real, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
