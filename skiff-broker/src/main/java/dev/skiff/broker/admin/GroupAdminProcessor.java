package dev.skiff.broker.admin;

import dev.skiff.broker.group.SubscriptionGroupTable;
import dev.skiff.broker.offset.ConsumerOffsetTable;
import dev.skiff.broker.stats.BrokerStats;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.common.json.JsonWriteOptions;
import dev.skiff.common.json.JsonWriter;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.BodyFormatException;
import dev.skiff.remoting.protocol.body.DataVersion;
import dev.skiff.remoting.protocol.body.SubscriptionGroupConfig;
import dev.skiff.remoting.protocol.body.SubscriptionGroupList;
import dev.skiff.remoting.protocol.body.SubscriptionGroupWrapper;
import dev.skiff.remoting.protocol.header.AdminGroupRequestHeader;
import dev.skiff.remoting.protocol.header.DeleteSubscriptionGroupRequestHeader;
import dev.skiff.remoting.protocol.header.GetAllSubscriptionGroupRequestHeader;
import dev.skiff.remoting.protocol.header.GetAllSubscriptionGroupResponseHeader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer-group configuration requests: create or update a group (200, body = the group's
 * config) or several (225, {@code mqadmin updateSubGroupList}, checked all before any is stored),
 * read all groups (201, paged for 5.3.2+ clients), read one (352) and delete one (207, with its
 * get statistics and optionally its committed offsets).
 *
 * <p>Codes: a bad group name, a retry-queue count outside 0..1024, retry times below -1 or a
 * malformed body → 29 INVALID_PARAMETER; an unknown group on read → 26
 * SUBSCRIPTION_GROUP_NOT_EXIST; the group limit → 1 SYSTEM_ERROR. Deleting an unknown group
 * succeeds (the result is the same).
 */
public final class GroupAdminProcessor implements SyncRequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(GroupAdminProcessor.class);
    static final int RETRY_QUEUE_NUMS_MAX = 1024;
    private static final int SNAPSHOT_ATTEMPTS = 5;
    static final int GROUP_LIST_MAX = 1_000;

    private final String brokerName;
    private final SubscriptionGroupTable groups;
    private final ConsumerOffsetTable offsets;
    private final BrokerStats stats;

    public GroupAdminProcessor(
            String brokerName, SubscriptionGroupTable groups, ConsumerOffsetTable offsets, BrokerStats stats) {
        this.brokerName = brokerName;
        this.groups = groups;
        this.offsets = offsets;
        this.stats = stats;
    }

    /** The request codes this processor serves. */
    public static List<Integer> codes() {
        return List.of(
                RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
                RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST,
                RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG,
                RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG,
                RequestCode.DELETE_SUBSCRIPTIONGROUP);
    }

    @Override
    public RemotingCommand handle(RemotingChannel channel, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP -> createGroup(request);
            case RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST -> createGroupList(request);
            case RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG -> allGroups(request);
            case RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG -> oneGroup(request);
            case RequestCode.DELETE_SUBSCRIPTIONGROUP -> deleteGroup(request);
            default -> RemotingCommand.notSupported(request.code());
        };
    }

    private RemotingCommand createGroup(RemotingCommand request) {
        SubscriptionGroupConfig config;
        try {
            config = SubscriptionGroupConfig.decode(request.body());
        } catch (BodyFormatException e) {
            return invalid(e.getMessage());
        }
        String problem = check(config);
        if (problem != null) {
            return invalid(problem);
        }
        try {
            groups.createOrUpdate(config);
        } catch (IllegalStateException e) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, e.getMessage());
        }
        log.info("subscription group {} created or updated by admin", config.groupName());
        return RemotingCommand.success();
    }

    private RemotingCommand createGroupList(RemotingCommand request) {
        List<SubscriptionGroupConfig> wanted;
        try {
            wanted = SubscriptionGroupList.decode(request.body()).groupConfigList();
        } catch (BodyFormatException e) {
            return invalid(e.getMessage());
        }
        if (wanted.isEmpty()) {
            return invalid("the group config list is empty");
        }
        if (wanted.size() > GROUP_LIST_MAX) {
            return invalid("at most " + GROUP_LIST_MAX + " groups per request, got " + wanted.size());
        }
        for (SubscriptionGroupConfig config : wanted) {
            String problem = check(config);
            if (problem != null) {
                return invalid(problem);
            }
        }
        try {
            groups.createOrUpdateAll(wanted);
        } catch (IllegalStateException e) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, e.getMessage());
        }
        log.info("{} subscription groups created or updated by admin", wanted.size());
        return RemotingCommand.success();
    }

    private static String check(SubscriptionGroupConfig config) {
        String problem = SystemTopics.checkGroupName(config.groupName());
        if (problem != null) {
            return problem;
        }
        if (config.retryQueueNums() < 0 || config.retryQueueNums() > RETRY_QUEUE_NUMS_MAX) {
            return "retryQueueNums must be 0.." + RETRY_QUEUE_NUMS_MAX + ": " + config.retryQueueNums();
        }
        if (config.retryMaxTimes() < -1) {
            return "retryMaxTimes must be -1 (no retry limit) or more: " + config.retryMaxTimes();
        }
        if (config.consumeTimeoutMinute() < 0) {
            return "consumeTimeoutMinute must not be negative: " + config.consumeTimeoutMinute();
        }
        return null;
    }

    private RemotingCommand allGroups(RemotingCommand request) {
        GetAllSubscriptionGroupRequestHeader h = GetAllSubscriptionGroupRequestHeader.decode(request.fields());
        DataVersion version = groups.dataVersion();
        List<SubscriptionGroupConfig> all = new ArrayList<>(groups.all());
        for (int i = 1; i < SNAPSHOT_ATTEMPTS && !version.equals(groups.dataVersion()); i++) {
            version = groups.dataVersion();
            all = new ArrayList<>(groups.all());
        }
        List<SubscriptionGroupConfig> page =
                MetadataPage.select(all, version, h.groupSeq(), h.maxGroupNum(), h.dataVersion());
        Map<String, SubscriptionGroupConfig> table = new LinkedHashMap<>();
        page.forEach(g -> table.put(g.groupName(), g));
        return RemotingCommand.success(new GetAllSubscriptionGroupResponseHeader(all.size()))
                .body(new SubscriptionGroupWrapper(table, version).encode());
    }

    private RemotingCommand oneGroup(RemotingCommand request) {
        String group = AdminGroupRequestHeader.decode(request.fields()).group();
        SubscriptionGroupConfig config = groups.get(group);
        if (config == null) {
            return RemotingCommand.response(
                    ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "subscription group " + group + " does not exist on broker " + brokerName);
        }
        return RemotingCommand.success().body(JsonWriter.toBytes(config.toJson(), JsonWriteOptions.FASTJSON));
    }

    private RemotingCommand deleteGroup(RemotingCommand request) {
        DeleteSubscriptionGroupRequestHeader h = DeleteSubscriptionGroupRequestHeader.decode(request.fields());
        boolean existed = groups.delete(h.groupName());
        stats.onGroupDeleted(h.groupName());
        if (h.cleanOffset()) {
            offsets.removeGroup(h.groupName());
        }
        log.info(
                "subscription group {} deleted by admin (existed: {}, offsets removed: {})",
                h.groupName(),
                existed,
                h.cleanOffset());
        return RemotingCommand.success();
    }

    private static RemotingCommand invalid(String remark) {
        return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, remark);
    }
}
