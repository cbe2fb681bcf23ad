package dev.vigil.web.ui;

import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The durations of a job's last finished runs, for the chart: {@code json} is written into a
 * {@code <script type="application/json">} block and drawn by job.js. It holds only numbers, null and
 * ISO-8601 instants, so nothing in it can end the script element.
 *
 * @param count   how many runs are drawn (0: the page says there is nothing to draw yet)
 * @param summary a sentence for screen readers
 */
public record DurationChart(JobView.Ref ref, int count, String json, String summary) {
    /** How many finished runs the chart shows. */
    static final int RUNS = 50;

    /** @param recent the job's runs, newest first; unfinished ones are left out */
    static DurationChart of(JobView.Ref ref, List<Run> recent, Duration maxRuntime) {
        List<Run> finished = new ArrayList<>(recent.stream().filter(r -> r.duration() != null).limit(RUNS).toList());
        finished.sort(Comparator.comparing(Run::startedAt).thenComparing(Run::id));
        StringBuilder at = new StringBuilder();
        StringBuilder seconds = new StringBuilder();
        StringBuilder failed = new StringBuilder();
        StringBuilder ids = new StringBuilder();
        for (Run r : finished) {
            String sep = at.isEmpty() ? "" : ",";
            at.append(sep).append('"').append(r.startedAt()).append('"');
            seconds.append(sep).append(number(r.duration()));
            failed.append(sep).append(r.state() == RunState.SUCCEEDED ? 0 : 1);
            ids.append(sep).append(r.id());
        }
        String json = "{\"at\":[" + at + "],\"seconds\":[" + seconds + "],\"failed\":[" + failed + "],\"ids\":[" + ids
                + "],\"maxRuntime\":" + (maxRuntime == null ? "null" : number(maxRuntime)) + "}";
        return new DurationChart(ref, finished.size(), json, summary(finished, maxRuntime));
    }

    private static String number(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
    }

    private static String summary(List<Run> runs, Duration maxRuntime) {
        if (runs.isEmpty()) return "No finished runs yet.";
        List<Duration> sorted = runs.stream().map(Run::duration).sorted().toList();
        long failures = runs.stream().filter(r -> r.state() != RunState.SUCCEEDED).count();
        return "Durations of the last " + runs.size() + " finished runs: median " + Human.duration(sorted.get(sorted.size() / 2))
                + ", longest " + Human.duration(sorted.getLast()) + ", " + failures + " not succeeded"
                + (maxRuntime == null ? "." : "; max runtime " + Human.duration(maxRuntime) + ".");
    }
}
