package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.Actor;
import dev.vigil.domain.AuditEntry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

public abstract class AuditStoreContract extends StoreContract {
    private static final Actor ALICE = new Actor(Actor.Kind.KEY, 7L, "alice", "10.0.0.1");
    private static final Actor BOB = new Actor(Actor.Kind.SESSION, 8L, "bob", "10.0.0.2");

    private void append(AuditEntry... entries) {
        db.write((Tx tx) -> {
            for (AuditEntry e : entries) tx.audit().append(e);
            return null;
        });
    }

    private List<AuditEntry> list(AuditStore.Filter f) {
        return db.read((Tx tx) -> tx.audit().list(f));
    }

    private static AuditStore.Filter all() {
        return new AuditStore.Filter(null, null, null, null, null, null, null, 100);
    }

    @Test
    void an_entry_reads_back_as_written_newest_first() {
        append(AuditEntry.of(T0, ALICE, "job.create", 3L, "p/a", null, "{\"slug\":\"a\"}"),
                AuditEntry.of(T0.plusSeconds(1), Actor.SYSTEM, "project.create", null, "p", "{}", "{\"x\":1}"));

        List<AuditEntry> found = list(all());

        assertThat(found).extracting(AuditEntry::action).containsExactly("project.create", "job.create");
        AuditEntry e = found.get(1);
        assertThat(e.id()).isPositive();
        assertThat(e.at()).isEqualTo(T0);
        assertThat(e.actor()).isEqualTo(ALICE);
        assertThat(e.projectId()).isEqualTo(3L);
        assertThat(e.target()).isEqualTo("p/a");
        assertThat(e.before()).isNull();
        assertThat(e.after()).isEqualTo("{\"slug\":\"a\"}");
        assertThat(found.get(0).actor()).isEqualTo(Actor.SYSTEM);
    }

    @Test
    void filters_combine_and_pages_go_back_by_id() {
        append(AuditEntry.of(T0, ALICE, "job.create", 1L, "p/a", null, null),
                AuditEntry.of(T0.plusSeconds(10), BOB, "job.update", 1L, "p/a", null, null),
                AuditEntry.of(T0.plusSeconds(20), BOB, "job.delete", 2L, "q/b", null, null),
                AuditEntry.of(T0.plusSeconds(30), ALICE, "key.create", null, "5", null, null));

        assertThat(list(new AuditStore.Filter(1L, null, null, null, null, null, null, 100)))
                .extracting(AuditEntry::action).containsExactly("job.update", "job.create");
        assertThat(list(new AuditStore.Filter(null, "bob", null, null, null, null, null, 100))).hasSize(2);
        assertThat(list(new AuditStore.Filter(null, "7", null, null, null, null, null, 100)))
                .extracting(AuditEntry::action).containsExactly("key.create", "job.create");
        assertThat(list(new AuditStore.Filter(null, null, "job", null, null, null, null, 100))).hasSize(3);
        assertThat(list(new AuditStore.Filter(null, null, "job.update", null, null, null, null, 100))).hasSize(1);
        assertThat(list(new AuditStore.Filter(null, null, null, "q/b", null, null, null, 100)))
                .extracting(AuditEntry::action).containsExactly("job.delete");
        assertThat(list(new AuditStore.Filter(null, null, null, null, T0.plusSeconds(10), T0.plusSeconds(30), null, 100)))
                .extracting(AuditEntry::action).containsExactly("job.delete", "job.update");

        List<AuditEntry> first = list(new AuditStore.Filter(null, null, null, null, null, null, null, 3));
        assertThat(first).hasSize(3);
        List<AuditEntry> next = list(new AuditStore.Filter(null, null, null, null, null, null, first.getLast().id(), 3));
        assertThat(next).extracting(AuditEntry::action).containsExactly("job.create");
    }

    @Test
    void old_entries_are_deleted_in_batches() {
        append(AuditEntry.of(T0, ALICE, "job.create", 1L, "p/a", null, null),
                AuditEntry.of(T0.plusSeconds(1), ALICE, "job.update", 1L, "p/a", null, null),
                AuditEntry.of(T0.plus(Duration.ofDays(2)), ALICE, "job.delete", 1L, "p/a", null, null));

        assertThat(db.write((Tx tx) -> tx.audit().deleteBefore(T0.plus(Duration.ofDays(1)), 1))).isEqualTo(1);
        assertThat(db.write((Tx tx) -> tx.audit().deleteBefore(T0.plus(Duration.ofDays(1)), 10))).isEqualTo(1);
        assertThat(list(all())).extracting(AuditEntry::action).containsExactly("job.delete");
    }

    @Test
    void an_entry_of_a_transaction_that_fails_is_not_kept() {
        try {
            db.write((Tx tx) -> {
                tx.audit().append(AuditEntry.of(T0, ALICE, "job.create", 1L, "p/a", null, null));
                throw new IllegalStateException("the change failed");
            });
        } catch (IllegalStateException expected) {
            // the point of the test
        }
        assertThat(list(all())).isEmpty();
    }
}
