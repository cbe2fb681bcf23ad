package dev.vigil.store;

import dev.vigil.domain.AlertRoute;
import dev.vigil.domain.EscalationPolicy;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.Silence;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A project's alerting rules: routes, escalation policies, silences and maintenance windows. */
public interface AlertRuleStore {
    /** The project's routes, in order; empty if it has none. */
    List<AlertRoute> routes(long projectId);

    /** Replaces all routes of the project. */
    void replaceRoutes(long projectId, List<AlertRoute> routes, Instant at);

    /** By name. */
    List<EscalationPolicy> policies(long projectId);

    Optional<EscalationPolicy> policy(long projectId, String name);

    /** Creates or replaces the project's policy of that name (id ignored). @return true if created */
    boolean putPolicy(EscalationPolicy policy);

    boolean deletePolicy(long projectId, String name);

    /** Inserts (id ignored) and returns it with its id. */
    Silence insertSilence(Silence silence);

    Optional<Silence> silence(long id);

    /** Silences of the project that end after {@code endsAfter}, by start. */
    List<Silence> silences(long projectId, Instant endsAfter);

    /** Ends the silence at {@code at} if it ends later. @return true if it was changed */
    boolean expireSilence(long id, Instant at);

    /** Inserts (id ignored) and returns it with its id. @throws dev.vigil.domain.ConflictException on a duplicate name */
    MaintenanceWindow insertWindow(MaintenanceWindow window);

    Optional<MaintenanceWindow> window(long id);

    /** By name. */
    List<MaintenanceWindow> windows(long projectId);

    boolean deleteWindow(long id);
}
