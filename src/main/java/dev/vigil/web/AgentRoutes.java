package dev.vigil.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.agent.wire.Poll;
import dev.vigil.agent.wire.PollReply;
import dev.vigil.agent.wire.RunEvent;
import dev.vigil.domain.ApiKey;
import dev.vigil.domain.ValidationException;
import dev.vigil.execution.AgentKey;
import dev.vigil.execution.Dispatcher;
import dev.vigil.execution.RunEvents;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * The agent protocol over HTTP (docs/agents.md): agents poll for work (registering and renewing
 * their lease with each poll), deliver run events, and leave. Only agent keys (join tokens) and
 * admin keys may call these; agent keys may call nothing else. Who an agent is comes from the key it
 * calls with: the name and instance a request gives must be registered with that key, and an agent
 * reports only for runs dispatched to it (docs/security.md#agents).
 */
final class AgentRoutes {
    private final Dispatcher dispatcher;
    private final RunEvents events;

    AgentRoutes(Dispatcher dispatcher, RunEvents events) {
        this.dispatcher = dispatcher;
        this.events = events;
    }

    void register(JavalinConfig config) {
        config.routes.post("/api/v1/agent/poll", this::poll);
        config.routes.post("/api/v1/agent/events", this::events);
        config.routes.post("/api/v1/agent/leave", this::leave);
    }

    /** {@link Poll} in, {@link PollReply} out; held open up to {@code waitMillis} while there is nothing to do. */
    private void poll(Context ctx) throws InterruptedException {
        AgentKey key = agentKey(ctx);
        Poll poll = read(Json.object(ctx), Poll.class);
        PollReply reply = dispatcher.longPoll(poll, key);
        Json.send(ctx, 200, reply);
    }

    /**
     * {@code {"agent": name, "instance": id, "events": [RunEvent…]}} → {@code {"applied": n}} once they
     * are durable. {@code instance} is optional for agents of versions that did not send it.
     */
    private void events(Context ctx) {
        AgentKey key = agentKey(ctx);
        JsonNode body = Json.object(ctx);
        String agent = Fields.text(body, "agent", 100);
        if (agent == null) throw new ValidationException("agent", "is required: the agent's name");
        String instance = Fields.text(body, "instance", 100);
        JsonNode list = body.get("events");
        if (list == null || !list.isArray()) throw new ValidationException("events", "is required: a list of run events");
        List<RunEvent> batch = read(list, Json.MAPPER.getTypeFactory().constructCollectionType(List.class, RunEvent.class));
        Json.send(ctx, 200, Map.of("applied", events.apply(key, agent, instance, batch)));
    }

    /** {@code {"name", "instance"}}: a drained agent says goodbye. */
    private void leave(Context ctx) {
        AgentKey key = agentKey(ctx);
        JsonNode body = Json.object(ctx);
        String name = Fields.text(body, "name", 100);
        String instance = Fields.text(body, "instance", 100);
        if (name == null) throw new ValidationException("name", "is required");
        if (instance == null) throw new ValidationException("instance", "is required");
        dispatcher.leave(name, instance, key);
        ctx.status(204);
    }

    private static AgentKey agentKey(Context ctx) {
        ApiKey key = Auth.requireAgent(ctx);
        return AgentKey.of(key.id(), key.projectId());
    }

    private static <T> T read(JsonNode node, Class<T> type) {
        return read(node, Json.MAPPER.getTypeFactory().constructType(type));
    }

    private static <T> T read(JsonNode node, com.fasterxml.jackson.databind.JavaType type) {
        try {
            return Json.MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            String field = e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && !m.getPath().isEmpty()
                    ? m.getPath().getLast().getFieldName() : null;
            throw new ValidationException(field == null ? "body" : field, e.getOriginalMessage());
        }
    }
}
