package dev.vigil.web;

import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.ValidationException;
import dev.vigil.domain.VigilException;
import dev.vigil.ingest.Command;
import dev.vigil.ingest.Ingest;
import dev.vigil.ingest.Result;
import dev.vigil.store.Transactor;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Healthchecks-compatible ping URLs (PING-PROTOCOL.md): HEAD, GET and POST all count; the answer
 * comes only once the report is durable. A POST body is kept up to the limit announced in the
 * {@code Ping-Body-Limit} header; a longer body is truncated, not refused.
 */
final class PingRoutes {
    /** Jobs a project may get from pings a second ({@code ?create=1}), with a burst of twice that. */
    static final int CREATIONS_PER_SECOND = 5;
    /**
     * The query parameters a ping may carry. Any other is refused, naming it: Healthchecks ignores
     * them, but then a Cronitor-style {@code ?state=fail} or a misspelt {@code ?rdi=} would count
     * as a success. {@code _} is the cache buster that browser libraries (jQuery's {@code cache: false})
     * append; it means nothing and is ignored.
     */
    static final java.util.Set<String> QUERY_PARAMETERS = java.util.Set.of("rid", "create", "ttl", "step", "_");
    private final Transactor store;
    private final Ingest ingest;
    private final int createLimit;
    private final PingRateLimiter creations;
    private final Clock clock;
    private final int bodyLimit;
    private final PingRateLimiter limiter;
    /**
     * The job each ping address was found to be, learned from the answers: after one ping through
     * each, every way of addressing a job (its uuid in any letter case, the ping key and slug)
     * draws on the one budget of the job.
     */
    private final Map<String, Known> resolved = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
            return size() > 100_000;
        }
    });

    private final PingCounts counts;

    /** A job a ping address was found to be, and its project's slug (for the counts). */
    private record Known(long jobId, String project) {}

    PingRoutes(Transactor store, Ingest ingest, Clock clock, int bodyLimit, int ratePerJob, int createLimit, PingCounts counts) {
        this.store = store;
        this.counts = counts;
        this.createLimit = createLimit;
        this.creations = new PingRateLimiter(CREATIONS_PER_SECOND, clock);
        this.ingest = ingest;
        this.clock = clock;
        this.bodyLimit = bodyLimit;
        this.limiter = new PingRateLimiter(ratePerJob, clock);
    }

    void register(JavalinConfig config) {
        for (String path : new String[] {"/ping/{a}", "/ping/{a}/{b}", "/ping/{a}/{b}/{c}"}) {
            Handler h = this::ping;
            config.routes.get(path, h);
            config.routes.post(path, h);
            config.routes.head(path, h);
        }
    }

    private void ping(Context ctx) throws IOException {
        Instant receivedAt = clock.instant();
        ctx.header("Ping-Body-Limit", Integer.toString(bodyLimit));
        allowAnyOrigin(ctx);
        refuseUnknownParameters(ctx);
        var params = ctx.pathParamMap();
        String[] segments = java.util.stream.Stream.of("a", "b", "c").map(params::get)
                .takeWhile(java.util.Objects::nonNull).toArray(String[]::new);
        boolean create = "1".equals(ctx.queryParam("create"));
        PingRequest request = PingRequest.parse(segments, create);
        if (request == null) {
            counts.count(null, PingCounts.Outcome.NOT_FOUND);
            throw new NotFoundException("not a ping URL");
        }
        String address = address(request.job());
        Known known = resolved.get(address);
        if (!limiter.tryAcquire(known != null ? "job/" + known.jobId() : address)) {
            counts.count(known == null ? null : known.project(), PingCounts.Outcome.RATE_LIMITED);
            ctx.header("Retry-After", "1");
            throw new VigilException("rate_limited", "too many pings for this job; slow down");
        }
        if (known == null && request.job() instanceof Command.BySlug s && s.create()) mayCreate(ctx, s);
        var observation = request.observation(receivedAt, ctx.queryParam("rid"), ctx.queryParam("ttl"), ctx.queryParam("step"));
        String body = "POST".equals(ctx.method().name()) ? readBody(ctx) : null;
        Result result;
        try {
            result = ingest.execute(new Command.Report(request.job(), observation, body, null, "ping"));
        } catch (NotFoundException e) {
            counts.count(null, PingCounts.Outcome.NOT_FOUND);
            throw e;
        }
        counts.count(result.job() == null ? null : result.job().project(), PingCounts.Outcome.ACCEPTED);
        if (known == null && result.job() != null) {
            resolved.put(address, new Known(result.job().id(), result.job().project()));
            limiter.tryAcquire("job/" + result.job().id()); // this ping counts toward the job's budget too
        }
        ctx.contentType("text/plain");
        if (result.created()) ctx.status(201).result("Created");
        else ctx.status(200).result("OK");
    }

    /**
     * A ping that would create a job ({@code ?create=1}, a slug the project does not have) may do so
     * only within the project's budget: five a second (a burst of ten), and while the project has
     * fewer than {@code VIGIL_PING_CREATE_LIMIT} jobs. Pings of jobs that exist are never held back
     * by it.
     */
    private void mayCreate(Context ctx, Command.BySlug s) {
        var project = store.read(tx -> tx.projects().byPingKey(s.pingKey()));
        if (project.isEmpty()) return; // not found, answered by the writer as always
        long id = project.get().id();
        Long jobs = store.read(tx -> tx.jobs().bySlug(id, s.slug()).isPresent() ? null : tx.jobs().countIn(id));
        if (jobs == null) return;
        if (jobs >= createLimit) {
            throw new VigilException("forbidden", "project " + project.get().slug() + " has " + jobs + " jobs, the most that pings"
                    + " may create (VIGIL_PING_CREATE_LIMIT); create more through the API");
        }
        if (!creations.tryAcquire("project/" + id)) {
            counts.count(project.get().slug(), PingCounts.Outcome.RATE_LIMITED);
            ctx.header("Retry-After", "1");
            throw new VigilException("rate_limited", "too many jobs created by pings in this project; at most "
                    + CREATIONS_PER_SECOND + " a second");
        }
    }

    /**
     * As Healthchecks does, every ping answer (errors too, see {@link Errors}) lets a page of any
     * origin read it, so a browser can ping. Pings are "simple" requests (GET, HEAD, or a POST of
     * text or a form), which browsers send without a preflight; like Healthchecks, Vigil answers no
     * OPTIONS preflight.
     */
    static void allowAnyOrigin(Context ctx) {
        ctx.header("Access-Control-Allow-Origin", "*");
    }

    private static void refuseUnknownParameters(Context ctx) {
        for (String name : ctx.queryParamMap().keySet()) {
            if (!QUERY_PARAMETERS.contains(name)) {
                String shown = (name.length() > 40 ? name.substring(0, 40) + "…" : name).replaceAll("\\p{Cntrl}", "?");
                throw new ValidationException("query", "unknown parameter '" + shown + "'; a ping takes rid, create, ttl and step");
            }
        }
    }

    /** A job's address in one spelling: a uuid in its canonical form, whatever case it came in. */
    private static String address(Command.JobRef job) {
        return switch (job) {
            case Command.ByUuid u -> "uuid/" + u.uuid();
            case Command.BySlug s -> "slug/" + s.pingKey() + "/" + s.slug();
            case Command.ById i -> "job/" + i.jobId();
        };
    }

    /**
     * Reads at most the limit; the rest of an oversized body is discarded unread by the container. Like
     * bytes that are not UTF-8, a NUL (which PostgreSQL cannot store in text) becomes U+FFFD: a ping is
     * never refused for its body.
     */
    private String readBody(Context ctx) throws IOException {
        if (bodyLimit == 0) return null;
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes(bodyLimit);
            if (bytes.length == 0) return null;
            return new String(bytes, StandardCharsets.UTF_8).replace('\0', '\uFFFD');
        }
    }
}
