package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.domain.AlertRoute;
import dev.vigil.domain.ConflictException;
import dev.vigil.domain.EscalationPolicy;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.Project;
import dev.vigil.domain.Silence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public abstract class AlertRuleStoreContract extends StoreContract {
    private static final Instant T1 = T0.plus(Duration.ofHours(1));
    private static final Instant T2 = T0.plus(Duration.ofHours(2));
    private Project prod;

    @BeforeEach
    void aProject() {
        prod = project("prod");
    }

    private static AlertRoute route(String name, String... channels) {
        return new AlertRoute(name, List.of(), List.of(), List.of(), List.of(channels), null, false);
    }

    private EscalationPolicy policy(Project p, String name, Duration repeatEvery, Integer repeatTimes) {
        return new EscalationPolicy(0, p.id(), name, List.of(
                new EscalationPolicy.Step(Duration.ZERO, List.of("chat"), false),
                new EscalationPolicy.Step(Duration.ofMinutes(15), List.of("pager", "sms"), true)), repeatEvery, repeatTimes, T0);
    }

    private Silence silence(Project p, String job, Instant startsAt, Instant endsAt) {
        return db.write(tx -> tx.alertRules().insertSilence(
                new Silence(0, p.id(), job, null, startsAt, endsAt, "deploy", "ci", T0)));
    }

    private MaintenanceWindow window(Project p, String name) {
        return db.write(tx -> tx.alertRules().insertWindow(new MaintenanceWindow(0, p.id(), name, null, "db",
                "0 2 * * 0", Duration.ofHours(2), "Europe/Paris", "weekly patching", "ops", T0)));
    }

    @Test
    void a_project_without_routes_has_none() {
        assertThat(db.read((Tx tx) -> tx.alertRules().routes(prod.id()))).isEmpty();
    }

    @Test
    void routes_round_trip_in_order_and_are_replaced_whole() {
        AlertRoute full = new AlertRoute("prod critical", List.of("db", "web"), List.of("ops"),
                List.of("critical", "warning"), List.of("pager"), "on-call", true);
        db.write(tx -> { tx.alertRules().replaceRoutes(prod.id(), List.of(full, route(null, "chat")), T0); return null; });

        assertThat(db.read((Tx tx) -> tx.alertRules().routes(prod.id()))).containsExactly(full, route(null, "chat"));

        db.write(tx -> { tx.alertRules().replaceRoutes(prod.id(), List.of(route("only", "mail")), T1); return null; });
        assertThat(db.read((Tx tx) -> tx.alertRules().routes(prod.id()))).containsExactly(route("only", "mail"));

        db.write(tx -> { tx.alertRules().replaceRoutes(prod.id(), List.of(), T2); return null; });
        assertThat(db.read((Tx tx) -> tx.alertRules().routes(prod.id()))).isEmpty();
    }

    @Test
    void routes_are_per_project() {
        Project dev = project("dev");
        db.write(tx -> { tx.alertRules().replaceRoutes(prod.id(), List.of(route("p", "pager")), T0); return null; });

        assertThat(db.read((Tx tx) -> tx.alertRules().routes(dev.id()))).isEmpty();
    }

    @Test
    void a_policy_is_created_then_replaced_keeping_its_id() {
        assertThat(db.write((Tx tx) -> tx.alertRules().putPolicy(policy(prod, "on-call", Duration.ofMinutes(30), null)))).isTrue();
        EscalationPolicy created = db.read((Tx tx) -> tx.alertRules().policy(prod.id(), "on-call")).orElseThrow();
        assertThat(created).isEqualTo(new EscalationPolicy(created.id(), prod.id(), "on-call",
                policy(prod, "on-call", null, null).steps(), Duration.ofMinutes(30), null, T0));

        assertThat(db.write((Tx tx) -> tx.alertRules().putPolicy(policy(prod, "on-call", null, 3)))).isFalse();
        EscalationPolicy replaced = db.read((Tx tx) -> tx.alertRules().policy(prod.id(), "on-call")).orElseThrow();
        assertThat(replaced.id()).isEqualTo(created.id());
        assertThat(replaced.repeatEvery()).isNull();
        assertThat(replaced.repeatTimes()).isEqualTo(3);
    }

    @Test
    void policies_are_listed_by_name_per_project_and_deleted_by_name() {
        db.write(tx -> tx.alertRules().putPolicy(policy(prod, "night", null, null)));
        db.write(tx -> tx.alertRules().putPolicy(policy(prod, "day", null, null)));
        Project dev = project("dev");
        db.write(tx -> tx.alertRules().putPolicy(policy(dev, "other", null, null)));

        assertThat(db.read((Tx tx) -> tx.alertRules().policies(prod.id()))).extracting(EscalationPolicy::name)
                .containsExactly("day", "night");
        assertThat(db.write((Tx tx) -> tx.alertRules().deletePolicy(prod.id(), "day"))).isTrue();
        assertThat(db.write((Tx tx) -> tx.alertRules().deletePolicy(prod.id(), "day"))).isFalse();
        assertThat(db.read((Tx tx) -> tx.alertRules().policy(prod.id(), "day"))).isEmpty();
    }

    @Test
    void a_silence_round_trips_with_its_id() {
        Silence s = silence(prod, "backup", T0, T1);

        assertThat(s).isEqualTo(new Silence(s.id(), prod.id(), "backup", null, T0, T1, "deploy", "ci", T0));
        assertThat(db.read((Tx tx) -> tx.alertRules().silence(s.id()))).contains(s);
    }

    @Test
    void silences_ending_after_an_instant_are_listed_by_start() {
        Silence later = silence(prod, null, T1, T2);
        Silence now = silence(prod, "a", T0, T2);
        silence(prod, "ended", T0.minusSeconds(60), T0);
        silence(project("dev"), null, T0, T2);

        assertThat(db.read((Tx tx) -> tx.alertRules().silences(prod.id(), T0))).containsExactly(now, later);
    }

    @Test
    void expiring_ends_a_silence_once() {
        Silence s = silence(prod, null, T0, T2);

        assertThat(db.write((Tx tx) -> tx.alertRules().expireSilence(s.id(), T1))).isTrue();
        assertThat(db.read((Tx tx) -> tx.alertRules().silence(s.id())).orElseThrow().endsAt()).isEqualTo(T1);
        assertThat(db.write((Tx tx) -> tx.alertRules().expireSilence(s.id(), T2))).isFalse();
    }

    @Test
    void expiring_a_future_silence_leaves_it_empty() {
        Silence s = silence(prod, null, T1, T2);

        assertThat(db.write((Tx tx) -> tx.alertRules().expireSilence(s.id(), T0))).isTrue();
        Silence expired = db.read((Tx tx) -> tx.alertRules().silence(s.id())).orElseThrow();
        assertThat(expired.startsAt()).isEqualTo(T0);
        assertThat(expired.endsAt()).isEqualTo(T0);
        assertThat(expired.activeAt(T0)).isFalse();
    }

    @Test
    void a_window_round_trips_with_its_id() {
        MaintenanceWindow w = window(prod, "patching");

        assertThat(w).isEqualTo(new MaintenanceWindow(w.id(), prod.id(), "patching", null, "db", "0 2 * * 0",
                Duration.ofHours(2), "Europe/Paris", "weekly patching", "ops", T0));
        assertThat(db.read((Tx tx) -> tx.alertRules().window(w.id()))).contains(w);
    }

    @Test
    void a_duplicate_window_name_in_a_project_is_a_conflict() {
        window(prod, "patching");

        assertThatThrownBy(() -> window(prod, "patching")).isInstanceOf(ConflictException.class).hasMessageContaining("'patching'");
        assertThat(window(project("dev"), "patching").name()).isEqualTo("patching");
    }

    @Test
    void windows_are_listed_by_name_and_deleted_by_id() {
        MaintenanceWindow b = window(prod, "b");
        window(prod, "a");

        assertThat(db.read((Tx tx) -> tx.alertRules().windows(prod.id()))).extracting(MaintenanceWindow::name)
                .containsExactly("a", "b");
        assertThat(db.write((Tx tx) -> tx.alertRules().deleteWindow(b.id()))).isTrue();
        assertThat(db.write((Tx tx) -> tx.alertRules().deleteWindow(b.id()))).isFalse();
        assertThat(db.read((Tx tx) -> tx.alertRules().window(b.id()))).isEmpty();
    }
}
