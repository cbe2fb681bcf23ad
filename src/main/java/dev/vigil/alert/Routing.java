package dev.vigil.alert;

import dev.vigil.domain.AlertRoute;
import dev.vigil.domain.Channel;
import dev.vigil.domain.EscalationPolicy;
import dev.vigil.domain.Incident.Severity;
import dev.vigil.domain.Job;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Picks where an incident goes (PRODUCT.md §6): the project's routes in order, the first that
 * matches the job and severity deciding, later ones adding their channels only while a matching
 * route says {@code continue}. A project without routes sends critical incidents to every channel
 * it has and warnings nowhere, which is how Vigil behaved before routes existed.
 */
final class Routing {
    static final String DEFAULT_ROUTE = "default";

    private Routing() {}

    /** The targets for a new incident, or empty if no route takes it. */
    static Optional<Targets> targets(ProjectRules rules, Job job, Severity severity) {
        List<AlertRoute> routes = rules.routes();
        List<Channel> channels = rules.channels();
        if (routes.isEmpty()) {
            if (severity != Severity.CRITICAL || channels.isEmpty()) return Optional.empty();
            List<Long> all = channels.stream().map(Channel::id).toList();
            return Optional.of(new Targets(DEFAULT_ROUTE, null, List.of(new Targets.Step(0, all, false)), null, null));
        }
        Map<String, Long> idByName = channels.stream().collect(Collectors.toMap(Channel::name, Channel::id));
        Targets chosen = null;
        Set<Long> extra = new LinkedHashSet<>();
        for (int i = 0; i < routes.size(); i++) {
            AlertRoute route = routes.get(i);
            if (!route.matches(job, severity)) continue;
            if (chosen == null) {
                chosen = targetsOf(rules, route, i, idByName);
            } else {
                extra.addAll(ids(route.channels(), idByName));
            }
            if (!route.continueMatching()) break;
        }
        if (chosen == null) return Optional.empty();
        if (extra.isEmpty()) return Optional.of(chosen);
        List<Targets.Step> steps = new ArrayList<>(chosen.steps());
        Set<Long> first = new LinkedHashSet<>(steps.getFirst().channels());
        first.addAll(extra);
        steps.set(0, new Targets.Step(0, List.copyOf(first), steps.getFirst().owner()));
        return Optional.of(new Targets(chosen.route(), chosen.policy(), steps, chosen.repeatEvery(), chosen.repeatTimes()));
    }

    private static Targets targetsOf(ProjectRules rules, AlertRoute route, int index, Map<String, Long> idByName) {
        String name = route.name() != null ? route.name() : "route " + (index + 1);
        List<Long> direct = ids(route.channels(), idByName);
        Optional<EscalationPolicy> policy = route.escalation() == null ? Optional.empty()
                : rules.policy(route.escalation());
        if (policy.isEmpty() || policy.get().steps().isEmpty()) {
            return new Targets(name, null, List.of(new Targets.Step(0, direct, false)), null, null);
        }
        EscalationPolicy p = policy.get();
        List<Targets.Step> steps = new ArrayList<>();
        for (EscalationPolicy.Step s : p.steps()) {
            steps.add(new Targets.Step(s.after().toMillis(), ids(s.channels(), idByName), s.owner()));
        }
        // A route's own channels are told at once, with the policy's first step.
        Set<Long> first = new LinkedHashSet<>(direct);
        first.addAll(steps.getFirst().channels());
        steps.set(0, new Targets.Step(steps.getFirst().after(), List.copyOf(first), steps.getFirst().owner()));
        return new Targets(name, p.name(), steps, p.repeatEvery() == null ? null : p.repeatEvery().toMillis(),
                p.repeatTimes());
    }

    // Names that no longer exist are skipped: the API refuses them, so only a deleted channel gets here.
    private static List<Long> ids(List<String> names, Map<String, Long> idByName) {
        return names.stream().map(idByName::get).filter(java.util.Objects::nonNull).distinct().toList();
    }

    /** Channel ids of a step, with the owner's channel when the step asks for it. */
    static List<Long> stepChannels(ProjectRules rules, Job job, Targets.Step step, Consumer<String> missingOwner) {
        Set<Long> ids = new LinkedHashSet<>(step.channels());
        if (step.owner()) {
            if (job.owner() == null || job.owner().isBlank()) {
                missingOwner.accept("the job has no owner");
            } else {
                Optional<Channel> own = rules.channelNamed(job.owner());
                if (own.isPresent()) ids.add(own.get().id());
                else missingOwner.accept("no channel is named after the owner '" + job.owner() + "'");
            }
        }
        return List.copyOf(ids);
    }
}
