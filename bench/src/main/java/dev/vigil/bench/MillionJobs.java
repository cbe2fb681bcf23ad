package dev.vigil.bench;

import dev.vigil.domain.HealthPolicy;
import dev.vigil.domain.Job;
import dev.vigil.domain.Schedule;
import dev.vigil.monitor.Expectations;
import dev.vigil.monitor.StatusRules;
import dev.vigil.schedule.Schedules;
import dev.vigil.store.Transactor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Fills a store with idle monitored jobs straight through the store interfaces (no API, no
 * writer): each job row with its state from {@link StatusRules#created}, {@code perTx} jobs per
 * transaction. Every job runs {@code every 2h}; creation times are spread so that the next
 * deadlines fall evenly between {@code quietFor} and {@code quietFor + 1h} from now, i.e. none
 * during a benchmark.
 */
final class MillionJobs {
    static final Duration INTERVAL = Duration.ofHours(2);

    private MillionJobs() {}

    static void fill(Transactor store, int count, int perTx, Duration quietFor, Instant now) {
        long projectId = store.write(tx -> tx.projects().insert("idle", "idle", "idlepingkey0123456789ab", now)).id();
        Schedule schedule = new Schedule.Every(INTERVAL);
        Expectations[] ex = new Expectations[1];
        // Deadline = createdAt + 2h, wanted in [now + quietFor, now + quietFor + 1h].
        Instant firstCreated = now.plus(quietFor).minus(INTERVAL);
        long spreadMillis = Duration.ofHours(1).toMillis();
        long t0 = System.nanoTime();
        for (int from = 0; from < count; from += perTx) {
            int to = Math.min(count, from + perTx);
            int start = from;
            store.write(tx -> {
                for (int i = start; i < to; i++) {
                    Instant created = firstCreated.plusMillis(spreadMillis * i / count);
                    Job stored = tx.jobs().insert(new Job(0, UUID.randomUUID(), projectId, "idle", "j" + i, null, null,
                            null, List.of(), schedule, null, null, null, HealthPolicy.DEFAULT, created, created, null));
                    if (ex[0] == null) ex[0] = new Expectations(stored, Schedules.fireTimes(schedule));
                    tx.states().put(StatusRules.created(stored, ex[0], created));
                }
                return null;
            });
            if (to % 200_000 == 0) {
                System.out.printf("  %,d jobs in %.0f s%n", to, (System.nanoTime() - t0) / 1e9);
            }
        }
    }
}
