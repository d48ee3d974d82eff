package dev.skiff.remoting.protocol;

/**
 * Response codes on the wire, each with what it means. A response's {@code code} field carries
 * {@link #code()}; codes this enum does not know still round-trip as plain integers in
 * {@link RemotingCommand#code()}.
 */
public enum ResponseCode {
    SUCCESS(0, "the request succeeded"),
    SYSTEM_ERROR(1, "the server failed; the remark explains"),
    SYSTEM_BUSY(2, "flow control: the server's queue for this kind of request is full; retry later"),
    REQUEST_CODE_NOT_SUPPORTED(3, "the server has no processor for this request code"),
    TRANSACTION_FAILED(4, "the transaction failed"),
    FLUSH_DISK_TIMEOUT(10, "stored, but the synchronous disk flush timed out"),
    SLAVE_NOT_AVAILABLE(11, "stored, but no slave was available for synchronous replication"),
    FLUSH_SLAVE_TIMEOUT(12, "stored, but synchronous replication timed out"),
    MESSAGE_ILLEGAL(13, "the message breaks a size or format limit"),
    SERVICE_NOT_AVAILABLE(14, "the store cannot take writes now (disk full, slave, shutting down)"),
    VERSION_NOT_SUPPORTED(15, "the peer's version is not supported"),
    NO_PERMISSION(16, "the broker, topic or group does not allow this operation"),
    TOPIC_NOT_EXIST(17, "the topic does not exist"),
    TOPIC_EXIST_ALREADY(18, "the topic exists already"),
    PULL_NOT_FOUND(19, "no new message"),
    PULL_RETRY_IMMEDIATELY(20, "messages are present but none matched the filter"),
    PULL_OFFSET_MOVED(21, "the offset is illegal; use nextBeginOffset"),
    QUERY_NOT_FOUND(22, "nothing matched the query"),
    SUBSCRIPTION_PARSE_FAILED(23, "the subscription expression could not be parsed"),
    SUBSCRIPTION_NOT_EXIST(24, "no subscription registered for this consumer"),
    SUBSCRIPTION_NOT_LATEST(25, "the registered subscription is older than the request's"),
    SUBSCRIPTION_GROUP_NOT_EXIST(26, "the consumer group does not exist"),
    FILTER_DATA_NOT_EXIST(27, "no filter data for this subscription"),
    FILTER_DATA_NOT_LATEST(28, "the filter data is out of date"),
    INVALID_PARAMETER(29, "a request field is missing or malformed"),
    TRANSACTION_SHOULD_COMMIT(200, "legacy transaction state"),
    TRANSACTION_SHOULD_ROLLBACK(201, "legacy transaction state"),
    TRANSACTION_STATE_UNKNOW(202, "legacy transaction state"),
    TRANSACTION_STATE_GROUP_WRONG(203, "legacy transaction state"),
    NO_BUYER_ID(204, "no buyer id"),
    NOT_IN_CURRENT_UNIT(205, "not in the current unit"),
    CONSUMER_NOT_ONLINE(206, "the consumer is not connected"),
    CONSUME_MSG_TIMEOUT(207, "the consumer did not answer in time"),
    NO_MESSAGE(208, "no message"),
    POLLING_FULL(209, "too many polling requests"),
    POLLING_TIMEOUT(210, "the polling request timed out"),
    BROKER_NOT_EXIST(211, "the broker does not exist"),
    BROKER_DISPATCH_NOT_COMPLETE(212, "the broker has not dispatched everything yet"),
    BROADCAST_CONSUMPTION(213, "broadcast consumption"),
    FLOW_CONTROL(215, "flow control; retry after a short pause"),
    NOT_LEADER_FOR_QUEUE(501, "this broker does not lead the queue"),
    ILLEGAL_OPERATION(604, "the operation is not allowed now"),
    GO_AWAY(1500, "the server is shutting down; reconnect and retry");

    private static final ResponseCode[] BY_CODE = index();

    private final int code;
    private final String meaning;

    ResponseCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The enum constant for a wire code, or {@code null} when Skiff does not know the code. */
    public static ResponseCode fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    private static ResponseCode[] index() {
        ResponseCode[] table = new ResponseCode[GO_AWAY.code + 1];
        for (ResponseCode rc : values()) {
            table[rc.code] = rc;
        }
        return table;
    }
}
