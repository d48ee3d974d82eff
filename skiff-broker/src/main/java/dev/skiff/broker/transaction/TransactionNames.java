package dev.skiff.broker.transaction;

/**
 * The sysFlag transaction types and the property names transactional messages use, as the official
 * client and broker spell them.
 *
 * <p>sysFlag bits 2..3 hold the transaction type: 0 none (also an undecided answer), 4 prepared (a
 * half message as sent), 8 commit, 12 rollback.
 */
public final class TransactionNames {
    public static final int TYPE_MASK = 0xC;
    public static final int NOT_TYPE = 0x0;
    public static final int PREPARED_TYPE = 0x4;
    public static final int COMMIT_TYPE = 0x8;
    public static final int ROLLBACK_TYPE = 0xC;

    /** Set to "true" by the client on a half message; removed from the committed copy. */
    public static final String TRAN_MSG = "TRAN_MSG";
    /** The producer group of a half message, set by the client. */
    public static final String PGROUP = "PGROUP";
    /** The real destination while the message waits in the half topic. */
    public static final String REAL_TOPIC = "REAL_TOPIC";

    public static final String REAL_QID = "REAL_QID";
    /** How many times the broker asked the producer about the message. */
    public static final String CHECK_TIMES = "TRANSACTION_CHECK_TIMES";
    /** Seconds after the send before the first check-back, when longer than transactionTimeOut. */
    public static final String CHECK_IMMUNITY_SECONDS = "CHECK_IMMUNITY_TIME_IN_SECONDS";
    /** The transaction id copied into the half message (the unique id). */
    public static final String TRANSACTION_ID = "__transactionId__";
    /** Tag of op records. */
    public static final String OP_TAG = "d";
    /** The internal group under which the check-back progress is shown in the offset table. */
    public static final String CHECK_GROUP = "CID_SYS_RMQ_TRANS";

    private TransactionNames() {}

    public static int type(int sysFlag) {
        return sysFlag & TYPE_MASK;
    }

    /** {@code sysFlag} with its transaction type replaced by {@code type}. */
    public static int withType(int sysFlag, int type) {
        return (sysFlag & ~TYPE_MASK) | type;
    }
}
