package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.Notification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link OutboxStore#claimDue}: leases that survive a crash and keep concurrent claimers apart. */
public abstract class OutboxClaimContract extends OutboxFixture {

    private List<String> claim(Instant now, Instant leaseUntil, int limit) {
        return db.write(tx -> tx.outbox().claimDue(now, leaseUntil, limit)).stream()
                .map(Notification::idempotencyKey).toList();
    }

    @Test
    void claims_due_notifications_oldest_due_first_up_to_the_limit() {
        enqueue(pending("later", T0.plusSeconds(2)));
        enqueue(pending("first", T0));
        enqueue(pending("second", T0.plusSeconds(1)));
        enqueue(pending("not-yet", T0.plusSeconds(100)));

        assertThat(claim(T0.plusSeconds(10), T0.plusSeconds(70), 2)).containsExactly("first", "second");
        assertThat(claim(T0.plusSeconds(10), T0.plusSeconds(70), 10)).containsExactly("later");
    }

    @Test
    void a_claimed_notification_carries_its_lease_as_next_attempt() {
        enqueue(pending("a", T0));

        List<Notification> claimed = db.write(tx -> tx.outbox().claimDue(T0, T0.plusSeconds(60), 10));

        assertThat(claimed).singleElement().extracting(Notification::nextAttemptAt).isEqualTo(T0.plusSeconds(60));
        assertThat(only().nextAttemptAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void a_claimed_notification_is_not_claimed_again_before_its_lease_ends() {
        enqueue(pending("a", T0));
        Instant lease = T0.plusSeconds(60);

        assertThat(claim(T0, lease, 10)).containsExactly("a");
        assertThat(claim(T0.plusSeconds(59), lease.plusSeconds(60), 10)).isEmpty();
        assertThat(claim(lease, lease.plusSeconds(60), 10)).containsExactly("a");
    }

    @Test
    void nothing_due_claims_nothing() {
        enqueue(pending("a", T0.plusSeconds(1)));

        assertThat(claim(T0, T0.plusSeconds(60), 10)).isEmpty();
    }

    @Test
    void concurrent_claimers_never_get_the_same_notification() throws Exception {
        for (int i = 0; i < 6; i++) enqueue(pending("n" + i, T0.plusMillis(i)));
        CountDownLatch secondClaimed = new CountDownLatch(1);

        // The first claimer holds its transaction open until the second has claimed, or for a while
        // where the database serializes writers (SQLite) and the second has to wait for it.
        CompletableFuture<List<String>> first = CompletableFuture.supplyAsync(() -> db.write(tx -> {
            List<Notification> mine = tx.outbox().claimDue(T0.plusSeconds(1), T0.plusSeconds(60), 3);
            try {
                secondClaimed.await(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return mine.stream().map(Notification::idempotencyKey).toList();
        }));
        Thread.sleep(100);
        List<String> second = claim(T0.plusSeconds(1), T0.plusSeconds(60), 3);
        secondClaimed.countDown();

        List<String> all = new ArrayList<>(first.get(10, TimeUnit.SECONDS));
        all.addAll(second);
        assertThat(all).containsExactlyInAnyOrder("n0", "n1", "n2", "n3", "n4", "n5");
    }
}
