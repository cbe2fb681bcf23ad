package dev.vigil.web;

import dev.vigil.domain.ApiKey;
import dev.vigil.domain.VigilException;
import dev.vigil.security.ApiKeys;
import dev.vigil.security.Throttle;
import dev.vigil.store.Transactor;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the key whose secret a caller presented, for the API and the dashboard's login alike.
 * Generated keys are found by their SHA-256; keys stored with a {@linkplain ApiKeys#slowHash slow
 * hash} (human-chosen ones) by trying each, once per secret and process: a secret found so is
 * remembered (by its SHA-256, in memory only) and its key read again by id on every call, so a
 * deleted key still fails at once.
 *
 * <p>Failed checks are counted per client address: after {@value #FAILURES} within a minute, the
 * address gets 429 with {@code Retry-After} until the oldest failure is a minute old. Each failure
 * is logged with the address, never with the secret, and is in the audit log: every failed
 * dashboard login, and at most one failed API key check per address and minute, so that guessing
 * cannot flood the log.
 */
public final class KeyCheck {
    static final int FAILURES = 10;
    /** What {@link #check} is told for the dashboard's login form. */
    public static final String LOGIN = "dashboard login";
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(KeyCheck.class);
    private static final int REMEMBERED = 1_000;

    private final Transactor store;
    private final Throttle throttle;
    private final Clock clock;
    private final AuditLog audit;
    /** When a failed API key check of each address was last written to the audit log. */
    private final Map<String, java.time.Instant> recorded = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, java.time.Instant> eldest) {
            return size() > REMEMBERED;
        }
    });
    private final Map<String, Long> found = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    });

    public KeyCheck(Transactor store, Clock clock) {
        this.store = store;
        this.throttle = new Throttle(FAILURES, WINDOW, clock);
        this.clock = clock;
        this.audit = new AuditLog(clock);
    }

    /**
     * The key of {@code presented}, or {@code unknown} thrown (and the failure counted) when there
     * is none; 429 when the caller's address failed too often lately.
     *
     * @param what what was tried, for the log: "API key", "dashboard login"
     */
    public ApiKey check(Context ctx, String presented, String what, java.util.function.Supplier<RuntimeException> unknown) {
        String address = ctx.ip();
        long wait = throttle.retryAfterSeconds(address);
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString(wait));
            throw new VigilException("rate_limited", "too many failed attempts from " + address + "; try again in " + wait + " s");
        }
        Optional<ApiKey> key = find(presented);
        if (key.isPresent()) return key.get();
        boolean throttled = throttle.failed(address);
        log.warn("{} failed from {}: unknown key{}", what, address,
                throttled ? "; " + FAILURES + " failures within " + WINDOW.toSeconds() + " s, refusing this address for a while" : "");
        recordFailure(ctx, what);
        throw unknown.get();
    }

    private void recordFailure(Context ctx, String what) {
        boolean login = what.equals(LOGIN);
        java.time.Instant now = clock.instant();
        if (!login) {
            java.time.Instant last = recorded.get(ctx.ip());
            if (last != null && now.isBefore(last.plus(WINDOW))) return;
            recorded.put(ctx.ip(), now);
        }
        Map<String, Object> attempt = new LinkedHashMap<>();
        attempt.put("method", ctx.method().name());
        attempt.put("path", Errors.loggable(ctx.path())); // no secret of a path (a uuid) in the audit log
        try {
            store.write(tx -> {
                audit.record(tx, AuditLog.unknown(ctx), login ? "login.failed" : "key.failed", null, null, null, attempt);
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("could not write a failed {} to the audit log", what, e); // the caller still gets its 401
        }
    }

    /** The key whose secret this is, if any. */
    public Optional<ApiKey> find(String presented) {
        String fast = ApiKeys.hash(presented);
        Long id = found.get(fast);
        if (id != null) {
            Optional<ApiKey> k = store.read(tx -> tx.apiKeys().byId(id));
            if (k.isPresent()) return k;
            found.remove(fast);
        }
        Optional<ApiKey> k = store.read(tx -> tx.apiKeys().byHash(fast));
        if (k.isPresent()) return k;
        for (ApiKey slow : store.read(tx -> tx.apiKeys().list())) {
            if (ApiKeys.isSlow(slow.hash()) && ApiKeys.matchesSlow(presented, slow.hash())) {
                found.put(fast, slow.id());
                return Optional.of(slow);
            }
        }
        return Optional.empty();
    }
}
