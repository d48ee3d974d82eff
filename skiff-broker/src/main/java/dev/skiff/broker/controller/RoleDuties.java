package dev.skiff.broker.controller;

import dev.skiff.common.concurrent.Scheduler;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background duties that belong to one role, started when a broker in controller mode takes
 * the role and stopped when it leaves it. A master delivers delayed messages, fires timers and
 * asks producers about undecided transactions; a slave copies its master's metadata. A duty that
 * fails to start is logged and the others still start; stopping is idempotent.
 *
 * <ul>
 *   <li>{@link #asMaster}: slave duties stopped, master duties started (after writes are accepted).
 *   <li>{@link #none}: every duty stopped (a broker leaving the master role, before it cuts its log).
 *   <li>{@link #asSlave}: master duties stopped, slave duties started (once it follows its master).
 * </ul>
 *
 * Calls come one at a time from the {@link BrokerRoleSwitch}.
 */
public final class RoleDuties {
    private static final Logger log = LoggerFactory.getLogger(RoleDuties.class);

    /** One duty: starting it again after a stop must work. */
    public interface Duty {
        void start() throws Exception;

        void stop();
    }

    private enum Role {
        NONE,
        MASTER,
        SLAVE
    }

    /** A step of a duty that may fail. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    /** A duty made of a start and a stop. */
    public static Duty of(Step start, Runnable stop) {
        return new Duty() {
            @Override
            public void start() throws Exception {
                start.run();
            }

            @Override
            public void stop() {
                stop.run();
            }
        };
    }

    private record Named(String name, Duty duty) {}

    private final List<Named> master = new ArrayList<>();
    private final List<Named> slave = new ArrayList<>();
    private Role role = Role.NONE;

    /** Adds a duty of the master role. */
    public synchronized RoleDuties onMaster(String name, Duty duty) {
        master.add(new Named(name, duty));
        return this;
    }

    /** Adds a duty of the master role made of a start and a stop. */
    public RoleDuties onMaster(String name, Step start, Runnable stop) {
        return onMaster(name, of(start, stop));
    }

    /** Adds a duty of the slave role made of a start and a stop. */
    public RoleDuties onSlave(String name, Step start, Runnable stop) {
        return onSlave(name, of(start, stop));
    }

    /** Adds a duty of the slave role. */
    public synchronized RoleDuties onSlave(String name, Duty duty) {
        slave.add(new Named(name, duty));
        return this;
    }

    /** A duty that runs {@code round} on {@code scheduler} every {@code everyMs} while the role lasts. */
    public static Duty periodic(Scheduler scheduler, String name, Runnable round, long everyMs) {
        return new Duty() {
            private Scheduler.Cancellable future;

            @Override
            public synchronized void start() {
                if (future == null) {
                    future = scheduler.scheduleWithFixedDelay(name, 0, everyMs, round);
                }
            }

            @Override
            public synchronized void stop() {
                if (future != null) {
                    future.cancel();
                    future = null;
                }
            }
        };
    }

    public synchronized void asMaster() {
        if (role == Role.MASTER) {
            return;
        }
        stopAll(slave);
        startAll(master);
        role = Role.MASTER;
    }

    public synchronized void asSlave() {
        if (role == Role.SLAVE) {
            return;
        }
        stopAll(master);
        startAll(slave);
        role = Role.SLAVE;
    }

    public synchronized void none() {
        stopAll(master);
        stopAll(slave);
        role = Role.NONE;
    }

    /** The role whose duties run now: {@code MASTER}, {@code SLAVE} or {@code NONE}. */
    public synchronized String role() {
        return role.name();
    }

    private static void startAll(List<Named> duties) {
        for (Named d : duties) {
            try {
                d.duty().start();
                log.info("started {}", d.name());
            } catch (Exception e) {
                log.error("cannot start {}", d.name(), e);
            }
        }
    }

    private static void stopAll(List<Named> duties) {
        for (int i = duties.size() - 1; i >= 0; i--) {
            Named d = duties.get(i);
            try {
                d.duty().stop();
            } catch (RuntimeException e) {
                log.error("cannot stop {}", d.name(), e);
            }
        }
    }
}
