package dev.vigil.alert;

import dev.vigil.domain.Channel;
import dev.vigil.domain.ConflictException;
import dev.vigil.store.ChannelStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

final class InMemoryChannels implements ChannelStore {
    private final Map<Long, Channel> byId = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    @Override
    public Channel insert(Channel c) {
        boolean taken = byId.values().stream().anyMatch(o -> o.projectId() == c.projectId() && o.name().equals(c.name()));
        if (taken) throw new ConflictException("channel '" + c.name() + "' exists in project " + c.projectId());
        Channel stored = new Channel(ids.incrementAndGet(), c.projectId(), c.kind(), c.name(), c.config(), c.createdAt());
        byId.put(stored.id(), stored);
        return stored;
    }

    @Override
    public Optional<Channel> byId(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public List<Channel> byProject(long projectId) {
        return byId.values().stream().filter(c -> c.projectId() == projectId)
                .sorted(Comparator.comparing(Channel::name)).toList();
    }

    @Override
    public Optional<Channel> update(Channel c) {
        boolean taken = byId.values().stream().anyMatch(o -> o.projectId() == c.projectId() && o.name().equals(c.name()) && o.id() != c.id());
        if (taken) throw new ConflictException("channel '" + c.name() + "' exists in project " + c.projectId());
        if (!byId.containsKey(c.id())) return Optional.empty();
        Channel stored = new Channel(c.id(), c.projectId(), c.kind(), c.name(), c.config(), c.createdAt(), c.fallback(), null, null);
        byId.put(c.id(), stored);
        return Optional.of(stored);
    }

    @Override
    public boolean delete(long id) {
        return byId.remove(id) != null;
    }

    @Override
    public List<Channel> fallbacks(long projectId) {
        return byProject(projectId).stream().filter(Channel::fallback).toList();
    }

    @Override
    public boolean markFailing(long id, java.time.Instant at, String error) {
        Channel c = byId.get(id);
        if (c == null || c.failing()) return false;
        byId.put(id, new Channel(c.id(), c.projectId(), c.kind(), c.name(), c.config(), c.createdAt(), c.fallback(), at, error));
        return true;
    }

    @Override
    public boolean clearFailing(long id) {
        Channel c = byId.get(id);
        if (c == null || !c.failing()) return false;
        byId.put(id, new Channel(c.id(), c.projectId(), c.kind(), c.name(), c.config(), c.createdAt(), c.fallback(), null, null));
        return true;
    }
}
