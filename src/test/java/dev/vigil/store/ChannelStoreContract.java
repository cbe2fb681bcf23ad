package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.domain.Channel;
import dev.vigil.domain.ConflictException;
import dev.vigil.domain.Project;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public abstract class ChannelStoreContract extends StoreContract {
    private Project prod;

    @BeforeEach
    void aProject() {
        prod = project("prod");
    }

    private Channel channel(Project p, String name) {
        return db.write(tx -> tx.channels().insert(
                new Channel(0, p.id(), "webhook", name, "{\"url\":\"https://example.test/hook\"}", T0)));
    }

    @Test
    void an_inserted_channel_round_trips() {
        Channel stored = channel(prod, "ops");

        assertThat(stored).isEqualTo(new Channel(stored.id(), prod.id(), "webhook", "ops",
                "{\"url\":\"https://example.test/hook\"}", T0));
        assertThat(db.read((Tx tx) -> tx.channels().byId(stored.id()))).contains(stored);
    }

    @Test
    void duplicate_name_in_a_project_is_a_conflict() {
        channel(prod, "ops");

        assertThatThrownBy(() -> channel(prod, "ops"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("'ops'");
    }

    @Test
    void update_replaces_the_settings_and_clears_the_failing_mark() {
        Channel stored = channel(prod, "ops");
        db.write(tx -> tx.channels().markFailing(stored.id(), T0, "HTTP 500"));

        Channel changed = new Channel(stored.id(), prod.id(), "slack", "chat", "{\"webhookUrl\":\"https://example.test/s\"}", T0,
                true, null, null);
        assertThat(db.write((Tx tx) -> tx.channels().update(changed))).contains(changed);
        assertThat(db.read((Tx tx) -> tx.channels().byId(stored.id()))).contains(changed);
    }

    @Test
    void update_to_a_name_another_channel_has_is_a_conflict_and_changes_nothing() {
        channel(prod, "pager");
        Channel ops = channel(prod, "ops");

        assertThatThrownBy(() -> db.write(tx -> tx.channels().update(
                new Channel(ops.id(), prod.id(), "webhook", "pager", ops.config(), T0))))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("'pager'");
        assertThat(db.read((Tx tx) -> tx.channels().byId(ops.id()))).contains(ops);
        assertThat(db.write((Tx tx) -> tx.channels().update(new Channel(999_999, prod.id(), "webhook", "x", "{}", T0)))).isEmpty();
    }

    @Test
    void the_same_name_in_another_project_is_fine() {
        channel(prod, "ops");

        assertThat(channel(project("dev"), "ops").name()).isEqualTo("ops");
    }

    @Test
    void by_project_lists_that_projects_channels_by_name() {
        channel(prod, "pager");
        channel(prod, "chat");
        channel(project("dev"), "other");

        assertThat(db.read((Tx tx) -> tx.channels().byProject(prod.id()))).extracting(Channel::name)
                .containsExactly("chat", "pager");
    }

    @Test
    void delete_removes_the_channel_and_reports_whether_it_existed() {
        Channel stored = channel(prod, "ops");

        assertThat(db.write((Tx tx) -> tx.channels().delete(stored.id()))).isTrue();
        assertThat(db.write((Tx tx) -> tx.channels().delete(stored.id()))).isFalse();
        assertThat(db.read((Tx tx) -> tx.channels().byId(stored.id()))).isEmpty();
    }
}
