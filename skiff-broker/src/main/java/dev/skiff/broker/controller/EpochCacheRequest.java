package dev.skiff.broker.controller;

import dev.skiff.remoting.RemotingClient;
import dev.skiff.remoting.protocol.RemotingCommand;
import java.io.IOException;

/**
 * One {@code GET_BROKER_EPOCH_CACHE} (1007) call to another broker of the group: its epoch list
 * and the ext fields Skiff adds ({@code haServerAddr}, {@code haClientAddr}). Asked by a new slave
 * of its new master ({@link MasterEpochs}) and by a master of its replicas ({@link
 * SyncStateWatcher}).
 */
final class EpochCacheRequest {
    private EpochCacheRequest() {}

    /** The broker's answer; a failed call or a refusal is an {@link IOException} naming the broker. */
    static Reply ask(RemotingClient client, String address, long timeoutMs) throws IOException, InterruptedException {
        RemotingCommand r;
        try {
            r = client.invokeSync(
                    address, RemotingCommand.request(ControllerModeProcessor.GET_BROKER_EPOCH_CACHE), timeoutMs);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("epoch list from " + address + ": " + e.getMessage(), e);
        }
        if (r.code() != 0) {
            throw new IOException("epoch list from " + address + ": " + r.code() + " " + r.remark());
        }
        return new Reply(EpochCache.decode(r.body()), field(r, "haServerAddr"), field(r, "haClientAddr"));
    }

    /** The epoch list and the two HA addresses, each empty when the broker named none. */
    record Reply(EpochCache epochs, String haServerAddr, String haClientAddr) {
        /** Whether the list reaches {@code epoch}. */
        boolean names(int epoch) {
            return epochs.lastEpoch() >= epoch;
        }

        boolean hasHaAddress() {
            return !haServerAddr.isEmpty();
        }
    }

    private static String field(RemotingCommand r, String name) {
        String value = r.extFields() == null ? null : r.extFields().get(name);
        return value == null ? "" : value;
    }
}
