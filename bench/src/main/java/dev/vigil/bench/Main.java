package dev.vigil.bench;

import java.util.Arrays;

/** Entry point: {@code Main <scenario> [options]}; bench/run passes the JVM flags each scenario needs. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: Main pings|detection|writer|schedule|runs|board|metrics|incidents|allinone|cluster|soak|coldstart|startup-steps|jfr-top [options]");
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "pings" -> PingBench.run(Options.parse(rest));
            case "detection" -> DetectionBench.run(Options.parse(rest));
            case "coldstart" -> ColdStartBench.run(Options.parse(rest));
            case "startup-steps" -> StartupSteps.run(Options.parse(rest));
            case "writer" -> WriterBench.run(Options.parse(rest));
            case "schedule" -> ScheduleBench.run(Options.parse(rest));
            case "runs" -> RunsBench.run(Options.parse(rest));
            case "board" -> BoardBench.run(Options.parse(rest));
            case "metrics" -> MetricsBench.run(Options.parse(rest));
            case "incidents" -> IncidentBench.run(Options.parse(rest));
            case "allinone" -> AllInOneBench.run(Options.parse(rest));
            case "cluster" -> ClusterBench.run(Options.parse(rest));
            case "soak" -> SoakBench.run(Options.parse(rest));
            case "jfr-top" -> JfrTop.run(Options.parse(rest));
            default -> {
                System.err.println("unknown scenario " + args[0]);
                System.exit(2);
            }
        }
        System.exit(0);
    }
}
