/**
 * The broker's traffic statistics: puts and gets per topic and group, sampled each second into the
 * per-second, per-minute and per-hour figures {@code mqadmin statsAll}, {@code brokerStatus} and the
 * metrics endpoint read ({@link dev.skiff.broker.stats.BrokerStats}), over bounded keyed counters
 * ({@code KeyedStats}). The admin processors and the metrics only read them.
 */
package dev.skiff.broker.stats;
