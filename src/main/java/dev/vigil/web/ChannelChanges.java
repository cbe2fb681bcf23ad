package dev.vigil.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alert.ChannelRegistry;
import dev.vigil.alert.TestMessage;
import dev.vigil.domain.Actor;
import dev.vigil.domain.Channel;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Project;
import dev.vigil.domain.ValidationException;
import dev.vigil.security.Sight;
import dev.vigil.store.Transactor;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Defining a project's alert channels, for the API and the dashboard alike: one reading of the
 * input, one validation (the channel kind's own), each change audited in its transaction.
 */
public final class ChannelChanges {
    private final Transactor store;
    private final ChannelRegistry registry;
    private final AuditLog audit;
    private final Clock clock;

    public ChannelChanges(Transactor store, ChannelRegistry registry, AuditLog audit, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.audit = audit;
        this.clock = clock;
    }

    /** A channel as defined: {@code configJson} is a JSON object its kind accepts. */
    public record Input(String kind, String name, String configJson, boolean fallback) {}

    /**
     * Reads {@code {"kind", "name", "config", "fallback"}} and has the kind check its config.
     *
     * @throws ValidationException naming the field: {@code kind}, {@code name}, {@code config.url} …
     */
    public Input read(JsonNode body) {
        Channel c = ApiForms.channel(body, registry, 0, clock.instant());
        return new Input(c.kind(), c.name(), c.config(), c.fallback());
    }

    public ChannelRegistry registry() {
        return registry;
    }

    /** The project's channel {@code id}. */
    public Channel get(Project p, long id) {
        return store.read(tx -> tx.channels().byId(id)).filter(c -> c.projectId() == p.id())
                .orElseThrow(() -> noChannel(p, id));
    }

    /** @throws dev.vigil.domain.ConflictException when the project has a channel of that name */
    public Channel create(Project p, Actor actor, Input in) {
        return store.write(tx -> {
            Channel created = tx.channels().insert(new Channel(0, p.id(), in.kind(), in.name(), in.configJson(),
                    clock.instant(), in.fallback(), null, null));
            audit.record(tx, actor, "channel.create", p.id(), p.slug() + "/" + created.name(), null, audited(created));
            return created;
        });
    }

    /**
     * Replaces the channel's definition. A rename is refused while routes or escalation policies
     * name the channel: they would lose it without a word.
     *
     * @throws dev.vigil.domain.ConflictException on a rename of a used channel, or onto another channel's name
     */
    public Channel update(Project p, long id, Actor actor, Input in) {
        return store.write(tx -> {
            Channel old = tx.channels().byId(id).filter(c -> c.projectId() == p.id()).orElseThrow(() -> noChannel(p, id));
            if (!old.name().equals(in.name())) AlertRuleRoutes.refuseIfUsed(tx, p, old.name());
            Channel updated = tx.channels().update(new Channel(id, p.id(), in.kind(), in.name(), in.configJson(),
                    old.createdAt(), in.fallback(), null, null)).orElseThrow(() -> noChannel(p, id));
            audit.record(tx, actor, "channel.update", p.id(), p.slug() + "/" + updated.name(), audited(old), audited(updated));
            return updated;
        });
    }

    /** @throws dev.vigil.domain.ConflictException while routes or escalation policies name it */
    public Channel delete(Project p, long id, Actor actor) {
        return store.write(tx -> {
            Channel c = tx.channels().byId(id).filter(x -> x.projectId() == p.id()).orElseThrow(() -> noChannel(p, id));
            AlertRuleRoutes.refuseIfUsed(tx, p, c.name());
            audit.record(tx, actor, "channel.delete", p.id(), p.slug() + "/" + c.name(), audited(c), null);
            tx.channels().delete(id);
            return c;
        });
    }

    /**
     * Sends a test message through the channel's sender now, not through the outbox: no incident, no
     * retry, the failing mark left alone. Recorded in the audit log as {@code channel.test}, with the outcome.
     *
     * @param pageUrl where the message's links point
     */
    public ChannelRegistry.TestResult test(Project p, long id, Actor actor, String pageUrl) {
        Channel c = get(p, id);
        Instant now = clock.instant();
        ChannelRegistry.TestResult result = registry.test(c, TestMessage.of(c, p.slug(), actor.name(), pageUrl, now),
                TestMessage.idempotencyKey(c, now));
        store.write(tx -> {
            audit.record(tx, actor, "channel.test", p.id(), p.slug() + "/" + c.name(), null, testView(result));
            return null;
        });
        return result;
    }

    public static Map<String, Object> testView(ChannelRegistry.TestResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("delivered", r.delivered());
        m.put("status", r.status());
        m.put("answer", r.answer());
        m.put("error", r.error());
        return m;
    }

    /** What the audit log keeps of a channel, whoever changed it: the view with the config, whose secrets the log masks. */
    public static Map<String, Object> audited(Channel c) {
        Map<String, Object> m = view(c, Sight.ALL);
        m.put("config", AuditLog.parse(c.config()));
        return m;
    }

    /** The API's view of a channel: never its config, which holds its secrets. */
    public static Map<String, Object> view(Channel c, Sight sight) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("kind", c.kind());
        m.put("name", c.name());
        m.put("createdAt", c.createdAt());
        m.put("fallback", c.fallback());
        m.put("failing", c.failing());
        m.put("failingSince", c.failingSince());
        m.put("failingError", Views.deliveryError(c.failingError(), sight));
        return m;
    }

    private static NotFoundException noChannel(Project p, long id) {
        return new NotFoundException("no channel " + id + " in project '" + p.slug() + "'");
    }
}
