package dev.skiff.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.replica.ReplicaPair;
import dev.skiff.remoting.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The official {@code mqadmin} commands that show replication, run as child JVMs against a master and a slave. */
@Timeout(120)
class ReplicaMqadminTest {
    @TempDir
    Path dir;

    @Test
    void clusterListHaStatusAndBrokerStatusShowTheSlave() throws Exception {
        try (ReplicaPair pair = ReplicaPair.start(dir.resolve("servers"), p -> {})) {
            MqadminCli mqadmin = MqadminCli.create(dir.resolve("cli"), pair.namesrv.address());
            String master = pair.master.address();
            String slave = pair.slave.address();
            // the in-sync set is a rule over the slave's reports: no event to wait on
            Await.holdsWithin(
                    Duration.ofSeconds(30), () -> pair.master.replication().inSyncSlaves() >= 1);

            MqadminCli.Result cluster = mqadmin.runClean("clusterList");
            assertThat(cluster.row("DefaultCluster", pair.brokerName, "0")).contains(master);
            assertThat(cluster.row("DefaultCluster", pair.brokerName, "1")).contains(slave);

            MqadminCli.Result onMaster = mqadmin.runClean("haStatus", "-b", master);
            assertThat(onMaster.stdout())
                    .contains("#MasterAddr\t" + master)
                    .contains(
                            "#MasterCommitLogMaxOffset\t" + pair.master.store().commitLogMaxOffset())
                    .contains("#SlaveNum\t1")
                    .contains("#InSyncSlaveNum\t1");

            MqadminCli.Result onSlave = mqadmin.runClean("haStatus", "-b", slave);
            assertThat(onSlave.stdout())
                    .contains("#MasterAddr\t" + master)
                    .contains("#CommitLogMaxOffset\t" + pair.slave.store().commitLogMaxOffset());

            MqadminCli.Result status = mqadmin.runClean("brokerStatus", "-b", slave);
            assertThat(status.row("brokerRole", ":")).contains("SLAVE");
            assertThat(status.row("haMasterAddr", ":")).contains(master);
        }
    }
}
