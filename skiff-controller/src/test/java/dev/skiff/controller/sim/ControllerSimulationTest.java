package dev.skiff.controller.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.controller.liveness.BrokerLiveTable;
import dev.skiff.controller.liveness.ElectionPlanner;
import dev.skiff.controller.state.Command;
import dev.skiff.controller.state.ControllerState;
import dev.skiff.controller.state.Outcome;
import dev.skiff.controller.state.ReplicaGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Deterministic simulation of the controller's rules with brokers that crash, restart, lag, lose
 * heartbeats and come back believing they are still master. Time is a counter; the network is a
 * queue of messages each delivered after a random delay or dropped. The Raft layer is taken as a
 * correct log: commands apply in the order the leader submits them. Invariants are checked after
 * every step; a failure names the seed ({@code -Dskiff.sim.seed=N} replays one seed,
 * {@code -Dskiff.sim.seeds=N} runs N seeds, e.g. 20000 nightly).
 */
class ControllerSimulationTest {
    private static final String NAME = "broker-a";
    private static final long TIMEOUT_MS = 1_000;
    private static final long TICK_MS = 50;
    private static final int STEPS = 600;

    @Test
    void invariantsHoldUnderRandomFaults() {
        String one = System.getProperty("skiff.sim.seed");
        int seeds = Integer.getInteger("skiff.sim.seeds", 300);
        long first = one == null ? 1 : Long.parseLong(one);
        int count = one == null ? seeds : 1;
        int failovers = 0;
        for (long seed = first; seed < first + count; seed++) {
            try {
                failovers += new World(seed, seed % 5 == 0).run();
            } catch (AssertionError e) {
                throw new AssertionError(
                        "simulation seed " + seed + " failed (replay: -Dskiff.sim.seed=" + seed + "): "
                                + e.getMessage(),
                        e);
            }
        }
        System.out.printf("controller simulation: %d seeds, %d master changes%n", count, failovers);
        assertThat(failovers).as("the faults must actually cause failovers").isGreaterThan(count);
    }

    /** One simulated run. */
    static final class World {
        private final Random random;
        private final boolean unclean;
        private final ControllerState state = new ControllerState();
        private final BrokerLiveTable live = new BrokerLiveTable(TIMEOUT_MS);
        private final ElectionPlanner planner;
        private final List<Broker> brokers = new ArrayList<>();
        private final PriorityQueue<Message> network = new PriorityQueue<>();
        private final Map<Integer, Long> masterOfEpoch = new HashMap<>();
        private long now;
        private long sequence;
        private int lastMasterEpoch;
        private int lastSetEpoch;
        private int changes;

        World(long seed, boolean unclean) {
            this.random = new Random(seed);
            this.unclean = unclean;
            this.planner = new ElectionPlanner(live, unclean);
        }

        int run() {
            for (long id = 1; id <= 3; id++) {
                Broker b = new Broker(id);
                brokers.add(b);
                apply(new Command.ApplyBrokerId("c", NAME, id, "k" + id));
                apply(new Command.RegisterBroker("c", NAME, id, "h:" + id));
            }
            for (int step = 0; step < STEPS; step++) {
                now += TICK_MS;
                faults();
                brokers.forEach(this::brokerTick);
                deliver();
                controllerTick();
                checkInvariants();
            }
            return changes;
        }

        private void faults() {
            Broker b = brokers.get(random.nextInt(brokers.size()));
            int roll = random.nextInt(1000);
            if (roll < 8 && b.up) {
                b.up = false; // crash: it keeps its log, epoch and its belief in its role
            } else if (roll < 30 && !b.up) {
                b.up = true; // restart (an old master comes back still believing it leads)
            } else if (roll < 40) {
                b.lagging = !b.lagging;
            } else if (roll < 45) {
                b.heartbeatLoss = random.nextInt(3) * 0.3;
            }
        }

        private void brokerTick(Broker b) {
            if (!b.up) {
                return;
            }
            if (random.nextDouble() >= b.heartbeatLoss) {
                send(new Message(now + random.nextInt(300), sequence++, b, Kind.HEARTBEAT, b.epoch, b.maxOffset));
            }
            ReplicaGroup g = state.group(NAME).orElseThrow();
            if (b.believesMaster) {
                b.maxOffset += random.nextInt(10);
                proposeSyncStateSet(b, g);
            } else {
                Broker master = brokers.stream()
                        .filter(x -> x.up && x.believesMaster && x.epoch == g.masterEpoch() && x.id == g.masterId())
                        .findFirst()
                        .orElse(null);
                if (master != null && !b.lagging) {
                    b.maxOffset = Math.max(b.maxOffset, master.maxOffset - random.nextInt(3));
                }
                if (!g.hasMaster() && random.nextInt(10) == 0) { // a broker that found no master asks
                    List<dev.skiff.controller.state.Candidate> alive = live.candidates(NAME, now);
                    outcome(apply(new Command.ElectMaster(NAME, -1, Command.Trigger.BROKER, alive, unclean)));
                }
            }
            if (random.nextInt(20) == 0) { // periodic GET_REPLICA_INFO
                learn(b, g);
            }
        }

        /** The master adds caught-up slaves to its set and drops lagging ones, from what it believes. */
        private void proposeSyncStateSet(Broker master, ReplicaGroup g) {
            if (random.nextInt(4) != 0) {
                return;
            }
            Set<Long> proposal = new TreeSet<>();
            proposal.add(master.id);
            for (Broker s : brokers) {
                if (s != master && s.up && s.maxOffset >= master.maxOffset - 5) {
                    proposal.add(s.id);
                }
            }
            ReplicaGroup before = g;
            Outcome o = apply(new Command.AlterSyncStateSet(
                    NAME, master.id, master.epoch, master.setEpoch, proposal, live.aliveIds(NAME, now)));
            if (o.isSuccess()) {
                assertThat(before.masterId())
                        .as("only the current master alters the set")
                        .isEqualTo(master.id);
                assertThat(before.masterEpoch()).as("only at the current epoch").isEqualTo(master.epoch);
                master.setEpoch = o.group().syncStateSetEpoch();
            } else if (o.code() == 2000 || o.code() == 2002) {
                learn(master, o.group()); // fenced: the deposed master steps down
            } else if (o.code() == 2001) {
                master.setEpoch = o.group().syncStateSetEpoch();
            }
        }

        private void deliver() {
            while (!network.isEmpty() && network.peek().atMs <= now) {
                Message m = network.poll();
                if (random.nextInt(10) == 0) {
                    continue; // lost
                }
                switch (m.kind) {
                    case HEARTBEAT ->
                        live.onHeartbeat("c", NAME, m.from.id, "h:" + m.from.id, m.atMs, null, m.epoch, m.offset, 0);
                    case NOTICE -> {
                        if (m.from.up) {
                            learn(m.from, state.group(NAME).orElseThrow());
                        }
                    }
                }
            }
        }

        private void controllerTick() {
            for (Command.ElectMaster c : planner.plan(state.groups().values(), now, 0)) {
                outcome(apply(c));
            }
        }

        private void outcome(Outcome o) {
            if (o.masterChanged()) {
                changes++;
                for (Broker b : brokers) {
                    send(new Message(now + random.nextInt(400), sequence++, b, Kind.NOTICE, 0, 0));
                }
            }
        }

        private Outcome apply(Command command) {
            ReplicaGroup before = state.group(NAME).orElse(null);
            Outcome o = state.apply(command);
            if (o.masterChanged() && o.group() != null && o.group().hasMaster() && before != null) {
                long elected = o.group().masterId();
                boolean clean =
                        before.masterEpoch() == 0 || before.syncStateSet().contains(elected);
                boolean designated = command instanceof Command.ElectMaster e && e.designated() >= 0;
                check(
                        clean || unclean || designated,
                        "master " + elected + " elected from outside the set " + before.syncStateSet());
            }
            return o;
        }

        private void learn(Broker b, ReplicaGroup g) {
            if (g.masterEpoch() < b.epoch) {
                throw new AssertionError(
                        "a broker knew epoch " + b.epoch + " beyond the controller's " + g.masterEpoch());
            }
            b.epoch = g.masterEpoch();
            b.setEpoch = g.syncStateSetEpoch();
            b.believesMaster = g.masterId() == b.id;
        }

        private void checkInvariants() {
            ReplicaGroup g = state.group(NAME).orElseThrow();
            check(g.masterEpoch() >= lastMasterEpoch, "master epoch went back to " + g.masterEpoch());
            check(g.syncStateSetEpoch() >= lastSetEpoch, "set epoch went back to " + g.syncStateSetEpoch());
            lastMasterEpoch = g.masterEpoch();
            lastSetEpoch = g.syncStateSetEpoch();
            Long prior = masterOfEpoch.putIfAbsent(g.masterEpoch(), g.masterId());
            assertThat(prior == null || prior == g.masterId())
                    .as("one master per epoch %d", g.masterEpoch())
                    .isTrue();
            if (g.hasMaster()) {
                assertThat(g.syncStateSet()).as("the set holds the master").contains(g.masterId());
            }
            long believers = brokers.stream()
                    .filter(b -> b.believesMaster && b.epoch == g.masterEpoch())
                    .count();
            check(believers <= 1, believers + " brokers act as master in epoch " + g.masterEpoch());
        }

        private static void check(boolean condition, String what) {
            if (!condition) {
                throw new AssertionError(what);
            }
        }

        private void send(Message m) {
            network.add(m);
        }
    }

    enum Kind {
        HEARTBEAT,
        NOTICE
    }

    record Message(long atMs, long seq, Broker from, Kind kind, int epoch, long offset) implements Comparable<Message> {
        @Override
        public int compareTo(Message o) {
            return atMs != o.atMs ? Long.compare(atMs, o.atMs) : Long.compare(seq, o.seq);
        }
    }

    static final class Broker {
        final long id;
        boolean up = true;
        boolean lagging;
        boolean believesMaster;
        double heartbeatLoss;
        int epoch;
        int setEpoch;
        long maxOffset;

        Broker(long id) {
            this.id = id;
        }
    }
}
