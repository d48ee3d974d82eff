package dev.skiff.auth.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.remoting.protocol.RequestCode;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RequestRulesTest {

    @Test
    void everyKnownCodeHasARuleOnBothServers() {
        Map<Integer, AccessRule> broker = RequestRules.broker();
        Map<Integer, AccessRule> namesrv = RequestRules.namesrv();
        assertThat(RequestCodes.names()).hasSizeGreaterThan(90);
        for (int code : RequestCodes.names().keySet()) {
            assertThat(broker).as("broker rule of %s", RequestCodes.name(code)).containsKey(code);
            assertThat(namesrv)
                    .as("name-server rule of %s", RequestCodes.name(code))
                    .containsKey(code);
        }
    }

    @Test
    void onlyRouteReadsAreOpenOnTheNameServer() {
        Set<Integer> open = new TreeSet<>();
        RequestRules.namesrv().forEach((code, rule) -> {
            if (rule instanceof AccessRule.Open) {
                open.add(code);
            }
        });
        assertThat(open)
                .containsExactlyInAnyOrder(
                        RequestCode.GET_ROUTEINFO_BY_TOPIC,
                        RequestCode.GET_BROKER_CLUSTER_INFO,
                        RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER,
                        RequestCode.GET_TOPICS_BY_CLUSTER,
                        RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS,
                        RequestCode.GET_UNIT_TOPIC_LIST,
                        RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST,
                        RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST,
                        RequestCode.GET_BROKER_MEMBER_GROUP);
        assertThat(RequestRules.broker().values()).noneMatch(rule -> rule instanceof AccessRule.Open);
    }

    @Test
    void registryAndConfigChangesAreSuperUserOnly() {
        for (int code : new int[] {
            RequestCode.REGISTER_BROKER,
            RequestCode.UNREGISTER_BROKER,
            RequestCode.UPDATE_BROKER_CONFIG,
            RequestCode.PUT_KV_CONFIG,
            RequestCode.DELETE_KV_CONFIG,
            RequestCode.UPDATE_NAMESRV_CONFIG,
            RequestCode.WIPE_WRITE_PERM_OF_BROKER,
            RequestCode.DELETE_TOPIC_IN_NAMESRV,
            RequestCode.INVOKE_BROKER_TO_RESET_OFFSET,
            RequestCode.AUTH_CREATE_USER,
            RequestCode.AUTH_CREATE_ACL
        }) {
            assertThat(RequestRules.broker().get(code))
                    .as(RequestCodes.name(code))
                    .isSameAs(AccessRule.SUPER_ONLY);
            assertThat(RequestRules.namesrv().get(code))
                    .as(RequestCodes.name(code))
                    .isSameAs(AccessRule.SUPER_ONLY);
        }
    }

    @Test
    void retryTopicsAreCheckedAsTheirGroup() {
        Check check = Extractors.topicCheck("%RETRY%cg", dev.skiff.auth.model.Action.SUB);
        assertThat(check.resourceKey()).isEqualTo("Group:cg");
        assertThat(Extractors.topicCheck("%DLQ%cg", dev.skiff.auth.model.Action.SUB)
                        .resourceKey())
                .isEqualTo("Group:cg");
    }

    @Test
    void aControllerOpensOnlyTheOperatorReads() {
        Map<Integer, AccessRule> controller = RequestRules.controller();
        Set<Integer> open = new TreeSet<>();
        controller.forEach((code, rule) -> {
            if (rule instanceof AccessRule.Open) {
                open.add(code);
            }
        });
        assertThat(open)
                .containsExactlyInAnyOrder(
                        dev.skiff.remoting.protocol.controller.ControllerCodes.CONTROLLER_GET_METADATA_INFO,
                        dev.skiff.remoting.protocol.controller.ControllerCodes.CONTROLLER_GET_SYNC_STATE_DATA);
        for (int code : new int[] {
            dev.skiff.remoting.protocol.controller.ControllerCodes.BROKER_HEARTBEAT,
            dev.skiff.remoting.protocol.controller.ControllerCodes.CONTROLLER_REGISTER_BROKER,
            dev.skiff.remoting.protocol.controller.ControllerCodes.CONTROLLER_ELECT_MASTER,
            dev.skiff.remoting.protocol.controller.ControllerCodes.CONTROLLER_ALTER_SYNC_STATE_SET,
            dev.skiff.remoting.protocol.controller.ControllerCodes.CLEAN_BROKER_DATA,
            dev.skiff.remoting.protocol.controller.ControllerCodes.CONTROLLER_APPLY_BROKER_ID
        }) {
            assertThat(controller.get(code)).as(RequestCodes.name(code)).isEqualTo(AccessRule.SUPER_ONLY);
        }
        assertThat(RequestCodes.name(dev.skiff.remoting.protocol.controller.ControllerCodes.CONTROLLER_ELECT_MASTER))
                .isEqualTo("CONTROLLER_ELECT_MASTER");
    }
}
