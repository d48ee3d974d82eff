/**
 * Admin requests of the official {@code mqadmin} tool against one broker: topic and consumer-group
 * configuration, topic and consume statistics, offset resets, connection lists, runtime figures
 * and statistics, the broker's own configuration, and the requests the broker passes on to one
 * consumer client. Each processor serves one family of request codes on the
 * broker's admin executor and takes only the tables it reads or changes; connected-client facts
 * come through the small {@link dev.skiff.broker.admin.ClientDirectory} seam. The traffic
 * statistics they answer from are counted in {@code dev.skiff.broker.stats}.
 */
package dev.skiff.broker.admin;
