/**
 * The seam between the harness and a RocketMQ client: {@link dev.skiff.bench.client.LoadClient}
 * produces and consumes; {@link dev.skiff.bench.client.OfficialLoadClient} implements it with the
 * official Apache RocketMQ 5.5.0 Java client. A Skiff client plugs in as a second implementation.
 */
package dev.skiff.bench.client;
