package dev.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.Status;
import dev.vigil.web.ui.BoardProbe;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * A varied project for the board: jobs defined through {@code PUT /api/v1/jobs} and brought into
 * their states through the ping URLs and the pause route, {@code parallel} requests at a time.
 *
 * <p>By {@code i mod 100}: 3 % missed ({@code every 10s}, grace 5s, never pinged), 3 % late
 * ({@code every 20s}, grace 1h, never pinged), 2 % overdue (started, {@code maxRuntime 5s}), 2 % paused,
 * 5 % running (started), 10 % failed (4 % of them twice: unhealthy), 20 % new, 55 % up (half of
 * them with a start first). The rest of the schedules: {@code every 1h}, {@code every 6h}, a daily
 * cron 6–17 h from now, and the same cron as a managed job ({@code command ["true"]}; nothing runs:
 * the bench has no agent). Names, owners (12 teams, 10 % none) and 0–3 of 20 tags vary.
 */
final class BoardJobs {
    static final String[] TEAMS = {"billing", "data", "infra", "search", "mail", "auth", "reports", "ml", "backup", "web",
            "mobile", "ops"};
    private static final String[] TASKS = {"export", "import", "sync", "cleanup", "rollup", "backup", "reindex", "digest",
            "rotate", "vacuum"};
    private static final String[] TAGS = {"prod", "staging", "critical", "nightly", "hourly", "etl", "k8s", "cron", "db",
            "reports", "finance", "eu", "us", "ml", "backup", "cache", "search", "email", "legacy", "batch"};

    private enum Cohort { MISSED, LATE, OVERDUE, PAUSED, RUNNING, FAILED, UNHEALTHY, NEW, UP }

    private final Api api;
    private final String project;
    private final int count;
    private final int parallel;
    private final int hour = ZonedDateTime.now(ZoneOffset.UTC).getHour();

    BoardJobs(Api api, String project, int count, int parallel) {
        this.api = api;
        this.project = project;
        this.count = count;
        this.parallel = parallel;
    }

    static String slug(int i) {
        return TEAMS[i % TEAMS.length] + "-" + TASKS[i / TEAMS.length % TASKS.length] + "-" + String.format("%05d", i);
    }

    private static Cohort cohort(int i) {
        int k = i % 100;
        if (k < 3) return Cohort.MISSED;
        if (k < 6) return Cohort.LATE;
        if (k < 8) return Cohort.OVERDUE;
        if (k < 10) return Cohort.PAUSED;
        if (k < 15) return Cohort.RUNNING;
        if (k < 19) return Cohort.UNHEALTHY;
        if (k < 25) return Cohort.FAILED;
        if (k < 45) return Cohort.NEW;
        return Cohort.UP;
    }

    private String definition(int i, Random r) {
        String team = TEAMS[i % TEAMS.length];
        String task = TASKS[i / TEAMS.length % TASKS.length];
        StringBuilder b = new StringBuilder("{\"name\": \"").append(Character.toUpperCase(team.charAt(0))).append(team.substring(1))
                .append(' ').append(task).append(" #").append(i).append('"');
        if (r.nextInt(10) > 0) b.append(", \"owner\": \"team-").append(team).append('"');
        b.append(", \"tags\": [");
        int tags = r.nextInt(4);
        for (int t = 0; t < tags; t++) b.append(t == 0 ? "" : ", ").append('"').append(TAGS[(i * 7 + t * 3) % TAGS.length]).append('"');
        b.append(']');
        switch (cohort(i)) {
            case MISSED -> b.append(", \"every\": \"10s\", \"grace\": \"5s\"");
            case LATE -> b.append(", \"every\": \"20s\", \"grace\": \"1h\"");
            case OVERDUE -> b.append(", \"every\": \"1h\", \"maxRuntime\": \"5s\"");
            default -> {
                String cron = "\"cron\": \"" + (i % 60) + " " + (hour + 6 + i % 12) % 24 + " * * *\"";
                switch (i / 100 % 4) {
                    case 0 -> b.append(", \"every\": \"1h\", \"maxRuntime\": \"4h\"");
                    case 1 -> b.append(", \"every\": \"6h\"");
                    case 2 -> b.append(", ").append(cron);
                    default -> b.append(", ").append(cron).append(", \"command\": [\"true\"]");
                }
            }
        }
        return b.append('}').toString();
    }

    /** Defines every job, then reports for each as its cohort wants; prints the rates. */
    void defineAndReport() throws Exception {
        Random r = new Random(42);
        List<String> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) bodies.add(definition(i, r));
        String[] uuids = new String[count];
        long t0 = System.nanoTime();
        forEach(i -> {
            JsonNode job = api.send("PUT", "/api/v1/jobs/" + project + "/" + slug(i), bodies.get(i), 201);
            uuids[i] = job.get("uuid").asText();
        });
        double defineSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        forEach(i -> {
            String ping = "/ping/" + uuids[i];
            switch (cohort(i)) {
                case OVERDUE, RUNNING -> api.text("GET", ping + "/start", null, 200);
                case PAUSED -> api.send("POST", "/api/v1/jobs/" + project + "/" + slug(i) + "/pause", null, 200);
                case FAILED -> api.text("GET", ping + "/fail", null, 200);
                case UNHEALTHY -> {
                    api.text("GET", ping + "/fail", null, 200);
                    api.text("GET", ping + "/fail", null, 200);
                }
                case UP -> {
                    if (i % 2 == 0) api.text("GET", ping + "/start", null, 200);
                    api.text("GET", ping, null, 200);
                }
                default -> { }
            }
        });
        System.out.printf("  defined %,d jobs in %.1f s (%.0f/s), reported in %.1f s (%d requests at a time)%n", count,
                defineSeconds, count / defineSeconds, (System.nanoTime() - t1) / 1e9, parallel);
    }

    /** Waits (bounded) until the missed, late and overdue cohorts have turned; prints the counts. */
    void awaitSettled(BoardProbe probe, Duration max) throws InterruptedException {
        int[] want = new int[Cohort.values().length];
        for (int i = 0; i < count; i++) want[cohort(i).ordinal()]++;
        long deadline = System.nanoTime() + max.toNanos();
        Map<Status, Integer> c = probe.counts();
        while (System.nanoTime() < deadline && (c.get(Status.MISSED) < want[Cohort.MISSED.ordinal()]
                || c.get(Status.LATE) < want[Cohort.LATE.ordinal()] || c.get(Status.OVERDUE) < want[Cohort.OVERDUE.ordinal()])) {
            Thread.sleep(1_000);
            c = probe.counts();
        }
        System.out.println("  board counts: " + c + ", unhealthy " + probe.unhealthy());
    }

    private interface Task {
        void run(int i) throws Exception;
    }

    private void forEach(Task task) throws Exception {
        Semaphore slots = new Semaphore(parallel);
        List<Future<?>> futures = new ArrayList<>(count);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                int n = i;
                slots.acquire();
                futures.add(pool.submit(() -> {
                    try {
                        task.run(n);
                        return null;
                    } finally {
                        slots.release();
                    }
                }));
            }
        }
        for (Future<?> f : futures) f.get();
    }
}
