package dev.vigil.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** CPU time of this process and of a child, for saying honestly who used the two cores. */
final class Machine {
    private Machine() {}

    static long selfCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static long cpuNanos(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** USER_HZ, the unit of /proc's CPU times (100 on every Linux this runs on). */
    static final int CLOCK_TICKS = 100;

    /** {utime, stime} of the waited-for children of this process, in clock ticks (/proc/self/stat cutime, cstime). */
    static long[] childrenCpuTicks() {
        return statTicks(13);
    }

    /** {utime, stime} of this process (all threads), in clock ticks. */
    static long[] selfCpuTicks() {
        return statTicks(11);
    }

    private static long[] statTicks(int first) {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return new long[] {Long.parseLong(f[first]), Long.parseLong(f[first + 1])};
        } catch (Exception e) {
            return new long[] {0, 0};
        }
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    /** /proc/loadavg's first three fields: other work on the machine shows up here. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    static String describe() {
        return Runtime.getRuntime().availableProcessors() + " cpus (" + cpuModel() + "), JDK "
                + System.getProperty("java.vm.version");
    }
}
