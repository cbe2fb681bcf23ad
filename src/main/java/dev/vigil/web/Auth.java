package dev.vigil.web;

import dev.vigil.domain.ApiKey;
import dev.vigil.domain.VigilException;
import dev.vigil.security.ApiKeys;
import io.javalin.http.Context;

/**
 * Authenticates API calls: {@code Authorization: Bearer <key>} or {@code X-Api-Key: <key>}.
 *
 * <p>Keys are looked up on every request, not cached: a deleted key fails on its next request on
 * every node sharing the database (one read by a unique index). Agent keys are kept to the agent
 * routes under {@value #AGENT_PATH} here, in one place, besides the role check of each route.
 */
final class Auth {
    static final String KEY_ATTRIBUTE = "vigil.apiKey";
    static final String AGENT_PATH = "/api/v1/agent/";

    private final KeyCheck keys;

    Auth(KeyCheck keys) {
        this.keys = keys;
    }

    void authenticate(Context ctx) {
        String presented = presentedKey(ctx);
        if (presented == null) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new VigilException("unauthorized", "an API key is required: Authorization: Bearer <key> or X-Api-Key: <key>");
        }
        ApiKey key = keys.check(ctx, presented, "API key", () -> new VigilException("unauthorized", "unknown API key"));
        if (key.role() == ApiKey.Role.AGENT && !ctx.path().startsWith(AGENT_PATH)) {
            throw new VigilException("forbidden", "an agent key may only take and report work (" + AGENT_PATH + "...)");
        }
        ctx.attribute(KEY_ATTRIBUTE, key);
    }

    static ApiKey key(Context ctx) {
        return ctx.attribute(KEY_ATTRIBUTE);
    }

    /** Throws 403 unless the caller's key has {@code role} in the project (null: not project-bound). */
    static void require(Context ctx, ApiKey.Role role, Long projectId) {
        ApiKey key = key(ctx);
        if (key == null || !ApiKeys.allows(key, role, projectId)) {
            throw new VigilException("forbidden", "this API key may not do this (needs " + role.wire() + ")");
        }
    }

    /**
     * For the agent routes: the caller's key if it may take and report work (an agent key, or an
     * admin key); otherwise 403. The key may be bound to a project ({@link ApiKey#projectId()}):
     * then it may take only that project's runs, which the route must check, e.g. with
     * {@code require(ctx, Role.AGENT, projectId)}.
     */
    static ApiKey requireAgent(Context ctx) {
        ApiKey key = key(ctx);
        if (key == null || !ApiKeys.grants(key.role(), ApiKey.Role.AGENT)) {
            throw new VigilException("forbidden", "this API key may not do this (needs agent)");
        }
        return key;
    }

    private static String presentedKey(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String k = auth.substring(7).trim();
            if (!k.isEmpty()) return k;
        }
        String k = ctx.header("X-Api-Key");
        return k == null || k.isBlank() ? null : k.trim();
    }
}
