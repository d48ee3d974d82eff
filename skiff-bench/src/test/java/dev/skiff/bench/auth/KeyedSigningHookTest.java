package dev.skiff.bench.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.function.Supplier;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyedSigningHook} must put on the wire the very fields the official {@code
 * AclClientRPCHook} puts there, for every shape of request a load client sends, and keep doing so
 * when its per-thread {@code Mac} is reused.
 */
class KeyedSigningHookTest {
    private static final String ACCESS = "bench-user";
    private static final String SECRET = "bench-user-secret";

    @Test
    void signsEveryRequestShapeAsTheOfficialHookDoes() {
        for (Supplier<RemotingCommand> shape : shapes()) {
            RemotingCommand official = shape.get();
            new AclClientRPCHook(new SessionCredentials(ACCESS, SECRET)).doBeforeRequest("127.0.0.1:1", official);
            KeyedSigningHook keyed = new KeyedSigningHook(ACCESS, SECRET);
            for (int round = 0; round < 3; round++) { // the same Mac, reused
                RemotingCommand ours = shape.get();
                keyed.doBeforeRequest("127.0.0.1:1", ours);
                assertThat(ours.getExtFields()).isEqualTo(official.getExtFields());
            }
        }
    }

    @Test
    void aDifferentSecretOrBodyGivesADifferentSignature() {
        RemotingCommand a = send("Bench-w1", "body".getBytes(StandardCharsets.UTF_8));
        RemotingCommand b = send("Bench-w1", "body".getBytes(StandardCharsets.UTF_8));
        RemotingCommand c = send("Bench-w1", "bodY".getBytes(StandardCharsets.UTF_8));
        new KeyedSigningHook(ACCESS, SECRET).doBeforeRequest(null, a);
        new KeyedSigningHook(ACCESS, "other").doBeforeRequest(null, b);
        new KeyedSigningHook(ACCESS, SECRET).doBeforeRequest(null, c);
        String signature = a.getExtFields().get(KeyedSigningHook.SIGNATURE);
        assertThat(signature).isNotEqualTo(b.getExtFields().get(KeyedSigningHook.SIGNATURE));
        assertThat(signature).isNotEqualTo(c.getExtFields().get(KeyedSigningHook.SIGNATURE));
    }

    @Test
    void emptyCredentialsAreRefused() {
        assertThatThrownBy(() -> new KeyedSigningHook("", SECRET)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyedSigningHook(ACCESS, null)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Supplier<RemotingCommand>> shapes() {
        return List.of(
                () -> send("Bench-w1", new byte[1024]),
                () -> send("Bench-ü-ключ", "ä€😀".getBytes(StandardCharsets.UTF_8)),
                KeyedSigningHookTest::pull,
                () -> RemotingCommand.createRequestCommand(RequestCode.GET_ROUTEINFO_BY_TOPIC, null),
                () -> {
                    RemotingCommand resent = send("Bench-w2", new byte[16]);
                    resent.addExtField(KeyedSigningHook.SIGNATURE, "left from an earlier try");
                    return resent;
                },
                () -> {
                    RemotingCommand withFields = RemotingCommand.createRequestCommand(RequestCode.HEART_BEAT, null);
                    withFields.setExtFields(new HashMap<>());
                    withFields.addExtField("zeta", "1");
                    withFields.addExtField("Alpha", "2");
                    withFields.addExtField("alpha", "3");
                    withFields.setBody("{\"clientID\":\"x\"}".getBytes(StandardCharsets.UTF_8));
                    return withFields;
                });
    }

    private static RemotingCommand send(String topic, byte[] body) {
        return OfficialRequests.send("bench-group", topic, "KEYS\u0001k-1\u0002TAGS\u0001t\u0002", body);
    }

    private static RemotingCommand pull() {
        return OfficialRequests.pull("bench-group", "Bench-w4");
    }
}
