package dev.vigil.web.ui;

import dev.vigil.domain.ApiKey;
import dev.vigil.domain.VigilException;
import dev.vigil.security.ApiKeys;
import dev.vigil.store.SessionStore;
import dev.vigil.store.Transactor;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The dashboard's authentication: the same API keys as the API, presented once on the login page,
 * which opens a server-side session. The browser holds only a random session id in an HttpOnly,
 * SameSite=Lax cookie; every state-changing request must also carry the session's CSRF token, as a
 * form field {@value #CSRF_FIELD} or an {@value #CSRF_HEADER} header (htmx sends the header).
 */
final class UiAuth {
    static final String COOKIE = "vigil_session";
    static final String LOGIN_COOKIE = "vigil_login";
    static final String CSRF_FIELD = "_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final Duration SESSION_TTL = Duration.ofHours(12);
    private static final String SESSION_ATTRIBUTE = "vigil.session";

    private final dev.vigil.web.KeyCheck keys;
    private final Transactor store;
    private final Clock clock;
    private final boolean secureCookies;
    private final dev.vigil.web.AuditLog audit;

    UiAuth(Transactor store, Clock clock, boolean secureCookies, dev.vigil.web.KeyCheck keys) {
        this.keys = keys;
        this.store = store;
        this.clock = clock;
        this.secureCookies = secureCookies;
        this.audit = new dev.vigil.web.AuditLog(clock);
    }

    /** Attaches the caller's live session, or answers 401 (the caller redirects to the login page). */
    void authenticate(Context ctx) {
        String id = ctx.cookie(COOKIE);
        Optional<SessionStore.Session> session = id == null || id.isBlank() ? Optional.empty()
                : store.read(tx -> tx.sessions().live(ApiKeys.hash(id), clock.instant()));
        if (session.isEmpty()) throw new VigilException("unauthorized", "please log in");
        ctx.attribute(SESSION_ATTRIBUTE, session.get());
        if (!isSafe(ctx.method().name())) checkCsrf(ctx, session.get().csrf());
    }

    static SessionStore.Session session(Context ctx) {
        return ctx.attribute(SESSION_ATTRIBUTE);
    }

    static ApiKey key(Context ctx) {
        return session(ctx).key();
    }

    /** Opens a session for the presented API key; agent keys may not use the dashboard. */
    void login(Context ctx, String presented) {
        if (!sameToken(ctx.formParam(CSRF_FIELD), ctx.cookie(LOGIN_COOKIE))) {
            throw new VigilException("forbidden", "the login form expired; please try again");
        }
        String key = presented == null ? "" : presented.trim();
        if (key.isEmpty()) throw new dev.vigil.domain.ValidationException("key", "enter an API key");
        ApiKey found = keys.check(ctx, key, dev.vigil.web.KeyCheck.LOGIN, () -> new dev.vigil.domain.ValidationException("key", "unknown API key"));
        if (found.role() == ApiKey.Role.AGENT) {
            throw new dev.vigil.domain.ValidationException("key", "an agent key cannot open the dashboard");
        }
        String id = ApiKeys.random(43);
        Instant now = clock.instant();
        store.write(tx -> {
            tx.sessions().deleteExpired(now);
            tx.sessions().insert(ApiKeys.hash(id), found.id(), ApiKeys.random(32), now, now.plus(SESSION_TTL));
            audit.record(tx, dev.vigil.domain.Actor.session(found, ctx.ip()), "login", found.projectId(),
                    Long.toString(found.id()), null, null);
            return null;
        });
        ctx.cookie(cookie(COOKIE, id, (int) SESSION_TTL.toSeconds()));
        ctx.removeCookie(LOGIN_COOKIE, "/ui");
    }

    void logout(Context ctx) {
        SessionStore.Session s = session(ctx);
        store.write(tx -> {
            tx.sessions().delete(s.hash());
            audit.record(tx, dev.vigil.domain.Actor.session(s.key(), ctx.ip()), "logout", s.key().projectId(),
                    Long.toString(s.key().id()), null, null);
            return null;
        });
        ctx.cookie(cookie(COOKIE, "", 0));
    }

    /** A token for the login form, bound to a short-lived cookie (double submit): no login CSRF. */
    String loginToken(Context ctx) {
        String token = ApiKeys.random(32);
        ctx.cookie(cookie(LOGIN_COOKIE, token, 3600));
        return token;
    }

    private Cookie cookie(String name, String value, int maxAge) {
        return new Cookie(name, value, "/ui", maxAge, secureCookies, true, null, SameSite.LAX);
    }

    private static void checkCsrf(Context ctx, String expected) {
        String presented = ctx.header(CSRF_HEADER);
        if (presented == null) presented = ctx.formParam(CSRF_FIELD);
        if (!sameToken(presented, expected)) {
            throw new VigilException("forbidden", "missing or wrong CSRF token; reload the page and try again");
        }
    }

    private static boolean sameToken(String a, String b) {
        return a != null && b != null && !b.isEmpty()
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isSafe(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }
}
