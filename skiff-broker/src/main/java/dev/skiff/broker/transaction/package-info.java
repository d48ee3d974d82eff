/**
 * Transactional messages: half (prepared) messages parked in {@code RMQ_SYS_TRANS_HALF_TOPIC},
 * the producer's decision ({@code END_TRANSACTION}), decisions recorded in {@code
 * RMQ_SYS_TRANS_OP_HALF_TOPIC}, and the check-back of undecided half messages. The design and the
 * op-record format are described in {@code docs/transactions.md}; a commit interrupted between its
 * copy and its op record is completed without a second copy ({@link
 * dev.skiff.broker.transaction.CommittedCopies}).
 */
package dev.skiff.broker.transaction;
