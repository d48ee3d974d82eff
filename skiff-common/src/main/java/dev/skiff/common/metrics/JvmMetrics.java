package dev.skiff.common.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.Locale;

/**
 * JVM figures read at scrape time from the platform MXBeans:
 *
 * <ul>
 *   <li>{@code skiff_jvm_memory_used_bytes{area="heap"|"nonheap"}} and {@code
 *       skiff_jvm_memory_max_bytes{area=...}} (-1 when unbounded);
 *   <li>{@code skiff_jvm_buffer_pool_used_bytes{pool="direct"|"mapped"|...}}: direct memory
 *       (Netty's and the store's buffers) and mapped files (the commit log);
 *   <li>{@code skiff_jvm_threads}: live threads.
 * </ul>
 *
 * Every sample carries the server's constant labels.
 */
public final class JvmMetrics implements MultiCollector {
    private final Labels constant;

    public JvmMetrics(Labels constant) {
        this.constant = constant;
    }

    @Override
    public MetricSnapshots collect() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        MemoryUsage heap = memory.getHeapMemoryUsage();
        MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
        GaugeSnapshot.Builder used = Snapshots.gauge("skiff_jvm_memory_used_bytes", "JVM memory in use")
                .dataPoint(Snapshots.gaugePoint(with("area", "heap"), heap.getUsed()))
                .dataPoint(Snapshots.gaugePoint(with("area", "nonheap"), nonHeap.getUsed()));
        GaugeSnapshot.Builder max = Snapshots.gauge("skiff_jvm_memory_max_bytes", "JVM memory limit, -1 unbounded")
                .dataPoint(Snapshots.gaugePoint(with("area", "heap"), heap.getMax()))
                .dataPoint(Snapshots.gaugePoint(with("area", "nonheap"), nonHeap.getMax()));
        GaugeSnapshot.Builder pools =
                Snapshots.gauge("skiff_jvm_buffer_pool_used_bytes", "Direct and mapped buffer memory in use");
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            String name = pool.getName().toLowerCase(Locale.ROOT).replace(' ', '_');
            pools.dataPoint(Snapshots.gaugePoint(with("pool", name), pool.getMemoryUsed()));
        }
        GaugeSnapshot threads = Snapshots.gauge("skiff_jvm_threads", "Live JVM threads")
                .dataPoint(Snapshots.gaugePoint(
                        constant, ManagementFactory.getThreadMXBean().getThreadCount()))
                .build();
        return MetricSnapshots.of(used.build(), max.build(), pools.build(), threads);
    }

    private Labels with(String name, String value) {
        return constant.merge(Labels.of(name, value));
    }
}
