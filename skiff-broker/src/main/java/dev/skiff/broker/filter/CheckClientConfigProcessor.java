package dev.skiff.broker.filter;

import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.BodyFormatException;
import dev.skiff.remoting.protocol.body.CheckClientRequestBody;
import dev.skiff.remoting.protocol.body.SubscriptionData;
import java.util.function.BooleanSupplier;

/**
 * Serves {@code CHECK_CLIENT_CONFIG} (46), which the official consumer sends at start for every
 * subscription that is not a tag expression; a failure stops the consumer from starting.
 *
 * <p>Answers, in the official order: 0 when there is no body, or it carries no subscription or a
 * TAG one; 1
 * (SYSTEM_ERROR) when {@code enablePropertyFilter} is off; 23 (SUBSCRIPTION_PARSE_FAILED) with the
 * compiler's message when the type is not SQL92 or the expression does not compile; else 0. The
 * compiled filter stays in the {@link SqlFilterCache} for the pulls that follow. A body that is not
 * a valid JSON object answers 1.
 */
public final class CheckClientConfigProcessor implements SyncRequestProcessor {
    private final BooleanSupplier propertyFilterEnabled;
    private final SqlFilterCache filters;

    public CheckClientConfigProcessor(BooleanSupplier propertyFilterEnabled, SqlFilterCache filters) {
        this.propertyFilterEnabled = propertyFilterEnabled;
        this.filters = filters;
    }

    @Override
    public RemotingCommand handle(RemotingChannel channel, RemotingCommand request) {
        if (request.body() == null || request.body().length == 0) {
            return RemotingCommand.success();
        }
        CheckClientRequestBody body;
        try {
            body = CheckClientRequestBody.decode(request.body());
        } catch (BodyFormatException e) {
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR, "bad CHECK_CLIENT_CONFIG body: " + e.getMessage());
        }
        SubscriptionData sub = body.subscriptionData();
        if (sub == null || sub.isTagType()) {
            return RemotingCommand.success();
        }
        if (!propertyFilterEnabled.getAsBoolean()) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, disabledRemark(sub.expressionType()));
        }
        if (!SubscriptionData.TYPE_SQL92.equalsIgnoreCase(sub.expressionType())) {
            return RemotingCommand.response(
                    ResponseCode.SUBSCRIPTION_PARSE_FAILED, "unknown expression type " + sub.expressionType());
        }
        try {
            filters.get(sub.subString());
        } catch (SqlSyntaxException e) {
            return RemotingCommand.response(
                    ResponseCode.SUBSCRIPTION_PARSE_FAILED, "invalid SQL92 expression: " + e.getMessage());
        }
        return RemotingCommand.success();
    }

    /** The remark for a non-TAG subscription when property filters are switched off. */
    public static String disabledRemark(String expressionType) {
        return "this broker does not filter messages by " + expressionType + " (enablePropertyFilter=false)";
    }
}
