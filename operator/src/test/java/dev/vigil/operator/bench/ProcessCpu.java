package dev.vigil.operator.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * CPU time used so far by everything a scale run consists of: this JVM (benchmark client and operator) and the
 * etcd and kube-apiserver it started (its child processes). Differences of it measure what a phase cost the
 * machine, which other load on a shared machine disturbs far less than the phase's wall time.
 */
final class ProcessCpu {

    private ProcessCpu() {}

    static Duration total() {
        Duration sum = jvm();
        for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
            sum = sum.plus(child.info().totalCpuDuration().orElse(Duration.ZERO));
        }
        return sum;
    }

    private static Duration jvm() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean hotspot) {
            return Duration.ofNanos(hotspot.getProcessCpuTime());
        }
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }
}
