package dev.skiff.broker.replica;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The replication keys Skiff adds to a broker's runtime info ({@code mqadmin brokerStatus} prints
 * every key; {@code clusterList} shows the slave's own row by its broker id). The official broker
 * adds none beyond {@code commitLogMaxOffset}; these names are Skiff's.
 *
 * <table>
 *   <caption>keys</caption>
 *   <tr><th>key</th><th>on</th><th>value</th></tr>
 *   <tr><td>brokerRole</td><td>both</td><td>ASYNC_MASTER, SYNC_MASTER or SLAVE</td></tr>
 *   <tr><td>haSlaveNum, haInSyncSlaveNum</td><td>master</td><td>slaves connected, and in sync</td></tr>
 *   <tr><td>haSlaveMaxDiff</td><td>master</td><td>bytes the furthest-behind slave lacks</td></tr>
 *   <tr><td>haMasterAddr</td><td>slave</td><td>the master named by the name servers (empty: none)</td></tr>
 *   <tr><td>haMetadataCopyTimestamp</td><td>slave</td><td>when the last metadata copy completed</td></tr>
 *   <tr><td>haMetadataCopyFailures</td><td>slave</td><td>copy rounds that failed</td></tr>
 * </table>
 */
public final class ReplicaRuntimeKeys {
    private ReplicaRuntimeKeys() {}

    /**
     * @param copier the slave's metadata copier, null on a master
     */
    public static Map<String, String> of(String role, ReplicationView view, MetadataCopier copier) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("brokerRole", role);
        if (view.master()) {
            long max = view.commitLogMaxOffset();
            long worst = 0;
            for (ReplicationView.SlaveLink s : view.slaves()) {
                worst = Math.max(worst, max - s.ackOffset());
            }
            t.put("haSlaveNum", String.valueOf(view.slaves().size()));
            t.put("haInSyncSlaveNum", String.valueOf(view.inSyncSlaves()));
            t.put("haSlaveMaxDiff", String.valueOf(worst));
        } else {
            ReplicationView.MasterLink link = view.masterLink();
            t.put("haMasterAddr", link == null || link.masterAddress() == null ? "" : link.masterAddress());
            if (copier != null) {
                t.put("haMetadataCopyTimestamp", String.valueOf(copier.lastCopyMs()));
                t.put("haMetadataCopyFailures", String.valueOf(copier.failures()));
            }
        }
        return t;
    }
}
