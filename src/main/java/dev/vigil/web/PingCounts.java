package dev.vigil.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What ping URLs answered since start, for {@code vigil_pings_total}: per project where the ping's
 * job is known, without a project where it is not (an unknown uuid or ping key names nothing).
 */
public final class PingCounts {
    /** How a ping was answered. */
    public enum Outcome {
        ACCEPTED, NOT_FOUND, RATE_LIMITED;

        public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    private final Map<String, LongAdder[]> byProject = new ConcurrentHashMap<>();
    private final LongAdder[] unknown = adders();

    void count(String project, Outcome outcome) {
        LongAdder[] to = project == null ? unknown : byProject.computeIfAbsent(project, p -> adders());
        to[outcome.ordinal()].increment();
    }

    /** Every count, the ones without a project with a null project. */
    public void forEach(Sink sink) {
        for (Outcome o : Outcome.values()) sink.accept(null, o, unknown[o.ordinal()].sum());
        byProject.forEach((project, counts) -> {
            for (Outcome o : Outcome.values()) sink.accept(project, o, counts[o.ordinal()].sum());
        });
    }

    /** Drops the counts of projects that no longer exist. */
    public void retainProjects(java.util.Set<String> projects) {
        byProject.keySet().retainAll(projects);
    }

    @FunctionalInterface
    public interface Sink {
        void accept(String project, Outcome outcome, long count);
    }

    private static LongAdder[] adders() {
        LongAdder[] a = new LongAdder[Outcome.values().length];
        for (int i = 0; i < a.length; i++) a[i] = new LongAdder();
        return a;
    }
}
