package dev.vigil.app;

import dev.vigil.domain.Channel;
import dev.vigil.domain.Execution;
import dev.vigil.domain.HealthPolicy;
import dev.vigil.domain.Job;
import dev.vigil.domain.Project;
import dev.vigil.domain.Schedule;
import dev.vigil.ingest.Command;
import dev.vigil.ingest.Ingest;
import dev.vigil.security.ApiKeys;
import dev.vigil.store.Transactor;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * On the very first start, an {@code example} project whose board lights up within a minute, and a
 * {@code log} alert channel, so that alerts show up in the server's own output. Its managed jobs run
 * on the embedded agent as {@code /bin/sh -c} scripts (POSIX sh, in the server's working directory);
 * an {@code every} job first fires one interval after it is created.
 *
 * <ul>
 *   <li>{@code sync-users}: every 20 s, prints two lines and exits 0: {@code up} from 20 s on.</li>
 *   <li>{@code flaky-import}: every 30 s; of every four runs, two fail and two succeed: {@code failed}
 *       at 30 s, unhealthy at 60 s (an alert), {@code up} and healthy again at 90 s.</li>
 *   <li>{@code slow-export}: every 40 s, runs about 25 s against a {@code maxRuntime} of 10 s:
 *       {@code running} at 40 s, {@code overdue} at 50 s while still running, {@code up} at about 65 s.</li>
 *   <li>{@code heartbeat}: watched only, expects a ping every 30 s with 10 s of grace; nobody pings
 *       it, so it is {@code late} at 30 s and {@code missed} at 40 s.</li>
 *   <li>{@code nightly-backup}: watched only, a cron job at 02:30 Europe/London (a schedule in words).</li>
 * </ul>
 */
final class ExampleProject {
    static final String SLUG = "example";
    static final String SUCCEEDING = "sync-users";
    static final String FLAKY = "flaky-import";
    static final String SLOW = "slow-export";
    static final String HEARTBEAT = "heartbeat";
    static final String BACKUP = "nightly-backup";

    /** Exits 0 with a couple of lines of output. */
    static final String SUCCEEDING_SCRIPT = """
            echo "syncing users from the directory"
            echo "42 users checked, 3 updated"
            """;

    /**
     * Counts its runs from the job's creation ({@code EXAMPLE_CREATED}, epoch seconds, in the job's
     * env) by the fire time it runs for ({@code VIGIL_SCHEDULED_FOR}; now for a manual run, or where
     * {@code date} cannot read it): runs 1 and 2 fail, 3 and 4 succeed, and so on. So the first run
     * fails, the second turns the job unhealthy, and the third makes it healthy again, on a settable
     * clock in tests as on the wall clock. The 30 is the job's interval.
     */
    static final String FLAKY_SCRIPT = """
            due=${VIGIL_SCHEDULED_FOR:-now}
            run=$(( ($(date -u -d "$due" +%s 2>/dev/null || date -u +%s) - EXAMPLE_CREATED) / 30 ))
            echo "import run $run, due at $due"
            case $(( run % 4 )) in
              1|2) echo "supplier API answered 503 Service Unavailable (this demo job fails runs 1-2 of every 4)" >&2; exit 1 ;;
            esac
            echo "imported 17 orders"
            """;

    /** About 25 s, a line every 2 s. */
    static final String SLOW_SCRIPT = """
            echo "exporting 12 batches"
            i=1
            while [ $i -le 12 ]; do
              sleep 2
              echo "batch $i/12 written"
              i=$((i + 1))
            done
            echo "export complete"
            """;

    private ExampleProject() {}

    /** Creates the project unless any project exists; returns it if created. */
    static Project createIfFirstStart(Transactor store, Ingest ingest, Instant now) {
        Project project = store.write(tx -> {
            if (!tx.projects().list().isEmpty()) return null;
            Project p = tx.projects().insert(SLUG, "Example", ApiKeys.random(22), now);
            tx.channels().insert(new Channel(0, p.id(), "log", "server-log", "{}", now));
            // In the audit log, by Vigil itself: the project with its channel (its jobs follow through the writer).
            tx.audit().append(dev.vigil.domain.AuditEntry.of(now, dev.vigil.domain.Actor.SYSTEM, "project.create", p.id(), SLUG, null,
                    "{\"slug\": \"" + SLUG + "\", \"example\": true, \"channels\": [\"server-log\"]}"));
            return p;
        });
        if (project == null) return null;
        for (Job job : jobs(project, now)) ingest.execute(new Command.Define(job));
        return project;
    }

    static List<Job> jobs(Project p, Instant now) {
        return List.of(
                job(p, now, SUCCEEDING, "Sync users", "ops-team", List.of("demo", "managed"),
                        "Demo managed job: every 20 s the embedded agent runs a short script that prints two lines"
                                + " and exits 0, so the job is up (green).",
                        new Schedule.Every(Duration.ofSeconds(20)), null, null, shell(SUCCEEDING_SCRIPT, null)),
                job(p, now, FLAKY, "Flaky import", "data-team", List.of("demo", "managed", "etl"),
                        "Demo managed job: every 30 s; of every four runs the first two fail and the next two succeed,"
                                + " so it goes red, turns unhealthy (an alert in the server log), then green and healthy again.",
                        new Schedule.Every(Duration.ofSeconds(30)), null, null,
                        shell(FLAKY_SCRIPT, null, Map.of("EXAMPLE_CREATED", Long.toString(now.getEpochSecond())))),
                job(p, now, SLOW, "Slow export", "data-team", List.of("demo", "managed", "etl"),
                        "Demo managed job: every 40 s; a run takes about 25 s but maxRuntime is 10 s, so it is running,"
                                + " then overdue while still going, then up when it ends. The 1-minute timeout would kill a run"
                                + " that hangs; maxRuntime only alerts.",
                        new Schedule.Every(Duration.ofSeconds(40)), null, Duration.ofSeconds(10),
                        shell(SLOW_SCRIPT, Duration.ofMinutes(1))),
                job(p, now, HEARTBEAT, "Heartbeat", "ops-team", List.of("demo"),
                        "Demo monitored job: expects a ping every 30 s, with 10 s of grace. Nobody sends one, so it goes"
                                + " late, then missed. A ping to /ping/<ping key>/heartbeat brings it back.",
                        new Schedule.Every(Duration.ofSeconds(30)), Duration.ofSeconds(10), null, null),
                job(p, now, BACKUP, "Nightly backup", "ops-team", List.of("demo", "db"),
                        "Database dump started by cron at 02:30 London time and reported with `vigil run`;"
                                + " it may take up to 2 hours.",
                        new Schedule.Cron("30 2 * * *", ZoneId.of("Europe/London")), null, Duration.ofHours(2), null));
    }

    private static Execution shell(String script, Duration timeout) {
        return shell(script, timeout, Map.of());
    }

    private static Execution shell(String script, Duration timeout, Map<String, String> env) {
        return new Execution(new Execution.Shell(script.strip()), null, env, timeout, 0, null, null, null, null,
                null, null, null);
    }

    private static Job job(Project p, Instant now, String slug, String name, String owner, List<String> tags,
                           String description, Schedule schedule, Duration grace, Duration maxRuntime,
                           Execution execution) {
        return new Job(0, UUID.randomUUID(), p.id(), p.slug(), slug, name, description, owner, tags, schedule,
                grace, maxRuntime, null, HealthPolicy.DEFAULT, now, now, execution);
    }
}
