package dev.vigil.store.sql;

import static dev.vigil.store.TestJobs.aCronJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.domain.Flip;
import dev.vigil.domain.Health;
import dev.vigil.domain.Job;
import dev.vigil.domain.Status;
import dev.vigil.store.FlipStoreContract;
import dev.vigil.store.Transactor;
import dev.vigil.store.Tx;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresFlipStoreTest extends FlipStoreContract {
    private final PostgresSchema schema = new PostgresSchema();
    /** Each transaction on a thread of its own (the common pool may have a single one). */
    private final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();

    @Override
    protected Transactor newStore() {
        return schema.emptied();
    }

    @AfterAll
    void dropSchema() {
        threads.shutdownNow();
        schema.close();
    }

    // ---- two servers sharing the database: each holds its claims until its transaction commits ----

    @Test
    void a_claim_racing_an_uncommitted_one_waits_for_it_and_then_finds_the_flip_taken() throws Exception {
        Flip flip = down(insert(aCronJob("race").in(project("shared"))), 0);
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> db.write(tx -> {
            boolean mine = tx.flips().claim(flip, T0);
            claimed.countDown();
            hold(commit);
            return mine;
        }), threads);
        assertThat(claimed.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> db.write(tx -> tx.flips().claim(flip, T0)), threads);
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> blockedOnLocks() == 1);

        commit.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(second.get(10, TimeUnit.SECONDS)).as("0 rows: someone else took it").isFalse();
    }

    @Test
    void a_job_s_later_flip_cannot_be_claimed_while_another_transaction_holds_its_earlier_one() throws Exception {
        Job job = insert(aCronJob("ordered").in(project("shared")));
        Flip earlier = down(job, 0);
        Flip later = down(job, 1);
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> db.write(tx -> {
            boolean mine = tx.flips().claim(earlier, T0);
            claimed.countDown();
            hold(commit);
            return mine;
        }), threads);
        assertThat(claimed.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(db.write((Tx tx) -> tx.flips().claim(later, T0))).as("its earlier flip still waits for that commit").isFalse();
        commit.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(db.write((Tx tx) -> tx.flips().claim(later, T0))).isTrue();
    }

    private Flip down(Job job, int second) {
        return db.write(tx -> tx.flips().insert(new Flip(0, job.id(), T0.plusSeconds(second), Status.UP, Status.MISSED,
                Health.HEALTHY, Health.HEALTHY, true, true, "missed")));
    }

    private int blockedOnLocks() throws Exception {
        try (Connection c = DriverManager.getConnection(schema.url(), "postgres", "postgres");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks WHERE NOT granted")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void hold(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("not released");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
