package dev.skiff.bench.workload;

/**
 * The broker process's resource use as seen from outside. Values are NaN / -1 where the broker
 * is not a separate process ({@link #NONE}).
 */
public interface BrokerProbe {
    BrokerProbe NONE = new BrokerProbe() {
        @Override
        public double cpuSeconds() {
            return Double.NaN;
        }

        @Override
        public double compilerCpuSeconds() {
            return Double.NaN;
        }

        @Override
        public long residentKb() {
            return -1;
        }

        @Override
        public long anonymousKb() {
            return -1;
        }
    };

    /** User + system CPU seconds used so far. */
    double cpuSeconds();

    /** CPU seconds of the broker's JIT compiler threads (NaN when unknown); see {@link ProcStat#compilerCpuSeconds()}. */
    double compilerCpuSeconds();

    /** VmRSS in KiB. */
    long residentKb();

    /** RssAnon in KiB. */
    long anonymousKb();
}
