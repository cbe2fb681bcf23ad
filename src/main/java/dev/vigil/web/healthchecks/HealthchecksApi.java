package dev.vigil.web.healthchecks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.vigil.domain.Actor;
import dev.vigil.domain.ApiKey;
import dev.vigil.domain.ApiKey.Role;
import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;
import dev.vigil.domain.Project;
import dev.vigil.domain.ValidationException;
import dev.vigil.domain.VigilException;
import dev.vigil.ingest.Audit;
import dev.vigil.ingest.Command;
import dev.vigil.ingest.Ingest;
import dev.vigil.ingest.Result;
import dev.vigil.store.JobStore;
import dev.vigil.store.Transactor;
import dev.vigil.store.Tx;
import dev.vigil.web.ApiForms;
import dev.vigil.web.AuditLog;
import dev.vigil.web.Json;
import dev.vigil.web.KeyCheck;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Healthchecks' management API ({@code /api/v1|v2|v3/checks/}, {@code /channels/} with
 * {@code X-Api-Key}) over Vigil's jobs, so that tooling written for Healthchecks manages Vigil
 * (docs/healthchecks.md). Answers and errors take Healthchecks' shapes ({@code {"error": "..."}});
 * changes go through Vigil's own job definitions and writer, audited like the job API's.
 */
public final class HealthchecksApi {
    private static final Pattern PATH = Pattern.compile("/api/v[123]/(checks|channels)(/.*)?");
    /** Pings listed per check (Healthchecks' free plan keeps 100); {@code n_pings} counts within the newest events read. */
    static final int PINGS = 100;
    static final int EVENTS_READ = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper(); // keeps nulls: Healthchecks writes "last_ping": null

    private final Transactor store;
    private final Ingest ingest;
    private final Clock clock;
    private final HcAccess access;
    private final AuditLog audit;
    private final Supplier<String> baseUrl;

    public HealthchecksApi(Transactor store, Ingest ingest, Clock clock, KeyCheck keys, Supplier<String> baseUrl) {
        this.store = store;
        this.ingest = ingest;
        this.clock = clock;
        this.access = new HcAccess(store, keys);
        this.audit = new AuditLog(clock);
        this.baseUrl = baseUrl;
    }

    /** Whether this API answers {@code path}: Vigil's own key check under {@code /api/v1} leaves these paths to it. */
    public static boolean serves(String path) {
        return PATH.matcher(path).matches();
    }

    public void register(JavalinConfig config) {
        for (int v = 1; v <= 3; v++) {
            int version = v;
            String checks = "/api/v" + v + "/checks";
            config.routes.get(checks, hc(ctx -> list(ctx, version)));
            config.routes.post(checks, hc(ctx -> create(ctx, version)));
            config.routes.get(checks + "/{code}", hc(ctx -> get(ctx, version)));
            config.routes.post(checks + "/{code}", hc(ctx -> update(ctx, version)));
            config.routes.delete(checks + "/{code}", hc(ctx -> delete(ctx, version)));
            config.routes.post(checks + "/{code}/pause", hc(ctx -> lifecycle(ctx, version, true)));
            config.routes.post(checks + "/{code}/resume", hc(ctx -> lifecycle(ctx, version, false)));
            config.routes.get(checks + "/{code}/pings", hc(this::pings));
            config.routes.get(checks + "/{code}/flips", hc(this::flips));
            config.routes.get("/api/v" + v + "/channels", hc(this::channels));
        }
    }

    private void list(Context ctx, int v) {
        ApiKey key = access.authenticate(ctx, null);
        Long scope = access.scope(ctx, key);
        HcAccess.require(key, Role.VIEWER, scope);
        List<String> tags = ctx.queryParams("tag");
        String slug = ctx.queryParam("slug");
        var filter = new JobStore.Filter(scope, tags.isEmpty() ? null : tags.getFirst(), null, null, null, 10_000);
        boolean readonly = HcAccess.readonly(key);
        List<Map<String, Object>> checks = store.read(tx -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (JobStore.JobWithState j : tx.jobs().list(filter)) {
                if (!new HashSet<>(j.job().tags()).containsAll(tags)) continue;
                if (slug != null && !slug.equals(j.job().slug())) continue;
                out.add(view(tx, j.job(), j.state(), v, readonly));
            }
            return out;
        });
        send(ctx, 200, Map.of("checks", checks));
    }

    private void get(Context ctx, int v) {
        ApiKey key = access.authenticate(ctx, null);
        Job job = access.find(ctx, key, Role.VIEWER, true);
        send(ctx, 200, store.read(tx -> view(tx, job, state(tx, job), v, HcAccess.readonly(key))));
    }

    private void create(Context ctx, int v) {
        JsonNode body = body(ctx);
        ApiKey key = access.authenticate(ctx, body);
        CheckSpec spec = CheckSpec.read(body);
        Project project = access.projectForCreate(ctx, key, body);
        HcAccess.require(key, Role.EDITOR, project.id());
        if (spec.upsert()) {
            Optional<Job> existing = store.read(tx -> tx.jobs().list(new JobStore.Filter(project.id(), null, null, null, null, 10_000)))
                    .stream().map(JobStore.JobWithState::job).filter(spec::matches).findFirst();
            if (existing.isPresent()) {
                define(ctx, key, patched(existing.get(), spec), 200, v);
                return;
            }
        }
        String slug = spec.slug() != null && !spec.slug().isEmpty() ? spec.slug() : slugOf(spec.name());
        if (store.read(tx -> tx.jobs().bySlug(project.id(), slug)).isPresent()) {
            throw new HcError(409, "a check with slug '" + slug + "' already exists in project '" + project.slug()
                    + "' (Vigil's slugs are unique; to update it, send \"unique\": [\"slug\"])");
        }
        define(ctx, key, ApiForms.job(spec.create(), project, slug, clock.instant()), 201, v);
    }

    private void update(Context ctx, int v) {
        JsonNode body = body(ctx);
        ApiKey key = access.authenticate(ctx, body);
        Job job = access.find(ctx, key, Role.EDITOR, false);
        define(ctx, key, patched(job, CheckSpec.read(body)), 200, v);
    }

    private Job patched(Job job, CheckSpec spec) {
        JobState state = store.read(tx -> state(tx, job));
        Project project = store.read(tx -> tx.projects().byId(job.projectId())).orElseThrow();
        return ApiForms.patched(job, state, spec.patch(job), project, clock.instant());
    }

    /** The same command as {@code PUT}/{@code PATCH /api/v1/jobs/...}, audited the same way. */
    private void define(Context ctx, ApiKey key, Job job, int status, int v) {
        Result r = execute(ctx, key, new Command.Define(job));
        send(ctx, status, store.read(tx -> view(tx, r.job(), r.state(), v, HcAccess.readonly(key))));
    }

    private void delete(Context ctx, int v) {
        ApiKey key = access.authenticate(ctx, null);
        Job job = access.find(ctx, key, Role.EDITOR, false);
        Map<String, Object> before = store.read(tx -> view(tx, job, state(tx, job), v, HcAccess.readonly(key)));
        execute(ctx, key, new Command.Delete(job.id()));
        send(ctx, 200, before);
    }

    private void lifecycle(Context ctx, int v, boolean pause) {
        ApiKey key = access.authenticate(ctx, null);
        Job job = access.find(ctx, key, Role.OPERATOR, false);
        if (!pause && !store.read(tx -> state(tx, job)).paused()) throw new HcError(409, "check is not paused");
        Result r = execute(ctx, key, pause ? new Command.Pause(job.id(), key.name()) : new Command.Resume(job.id(), key.name()));
        send(ctx, 200, store.read(tx -> view(tx, r.job(), r.state(), v, HcAccess.readonly(key))));
    }

    private void pings(Context ctx) {
        ApiKey key = access.authenticate(ctx, null);
        Job job = access.find(ctx, key, Role.OPERATOR, false);
        var events = store.read(tx -> tx.events().byJob(job.id(), null, EVENTS_READ));
        send(ctx, 200, Map.of("pings", CheckView.pings(events, PINGS)));
    }

    private void flips(Context ctx) {
        ApiKey key = access.authenticate(ctx, null);
        Job job = access.find(ctx, key, Role.VIEWER, true);
        Instant from = null;
        Instant until = null;
        Long seconds = number(ctx, "seconds");
        Long start = number(ctx, "start");
        Long end = number(ctx, "end");
        if (seconds != null) from = clock.instant().minusSeconds(seconds);
        if (start != null) from = from == null || Instant.ofEpochSecond(start).isAfter(from) ? Instant.ofEpochSecond(start) : from;
        if (end != null) until = Instant.ofEpochSecond(end);
        var flips = store.read(tx -> tx.flips().byJob(job.id(), null, EVENTS_READ));
        send(ctx, 200, Map.of("flips", CheckView.flips(flips, from, until)));
    }

    private void channels(Context ctx) {
        ApiKey key = access.authenticate(ctx, null);
        Long scope = access.scope(ctx, key);
        HcAccess.require(key, Role.OPERATOR, scope);
        List<Map<String, Object>> out = store.read(tx -> {
            List<Map<String, Object>> list = new ArrayList<>();
            List<Project> projects = scope == null ? tx.projects().list() : List.of(tx.projects().byId(scope).orElseThrow());
            for (Project p : projects) {
                for (var c : tx.channels().byProject(p.id())) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", channelId(c.id()).toString());
                    m.put("name", c.name());
                    m.put("kind", c.kind());
                    list.add(m);
                }
            }
            return list;
        });
        send(ctx, 200, Map.of("channels", out));
    }

    /** A channel's id as Healthchecks clients expect it (a UUID), derived from Vigil's number: stable, one per channel. */
    static UUID channelId(long id) {
        return UUID.nameUUIDFromBytes(("vigil-channel:" + id).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private Map<String, Object> view(Tx tx, Job job, JobState state, int v, boolean readonly) {
        int nPings = CheckView.countPings(tx.events().byJob(job.id(), null, EVENTS_READ), EVENTS_READ);
        return CheckView.check(job, state, nPings, baseUrl.get(), v, readonly);
    }

    private static JobState state(Tx tx, Job job) {
        return tx.states().get(job.id()).orElseThrow();
    }

    private Result execute(Context ctx, ApiKey key, Command change) {
        return ingest.execute(Audit.of(audit.by(Actor.key(key, ctx.ip())), change));
    }

    private static JsonNode body(Context ctx) {
        if (ctx.bodyAsBytes().length == 0 || ctx.body().isBlank()) return JsonNodeFactory.instance.objectNode();
        try {
            return Json.object(ctx);
        } catch (VigilException e) {
            throw new HcError(400, "could not parse request body");
        }
    }

    private static Long number(Context ctx, String name) {
        String s = ctx.queryParam(name);
        if (s == null) return null;
        try {
            long n = Long.parseLong(s);
            if (n < 0 || n > 253_402_300_799L) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new HcError(400, name + ": must be a whole number of seconds");
        }
    }

    /** Healthchecks' slugify of a name; a check without a name gets {@code check-} and 8 random hex digits. */
    static String slugOf(String name) {
        String s = name == null ? "" : java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "").toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]+", "-");
        s = s.replaceAll("^[-_]+|[-_]+$", ""); // as Django's slugify, which keeps '_' inside
        if (s.length() > 64) s = s.substring(0, 64).replaceAll("-+$", "");
        return s.isEmpty() ? "check-" + UUID.randomUUID().toString().substring(0, 8) : s;
    }

    private interface HcHandler {
        void handle(Context ctx) throws Exception;
    }

    /** Errors in Healthchecks' shape, {@code {"error": "..."}}; anything unforeseen goes to Vigil's one error handler (500, logged). */
    private static Handler hc(HcHandler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (HcError e) {
                send(ctx, e.status, Map.of("error", e.getMessage()));
            } catch (ValidationException e) {
                send(ctx, 400, Map.of("error", "json validation error: " + e.getMessage()));
            } catch (VigilException e) {
                int status = switch (e.code()) {
                    case "invalid" -> 400;
                    case "unauthorized" -> 401;
                    case "forbidden" -> 403;
                    case "not_found" -> 404;
                    case "conflict" -> 409;
                    case "rate_limited" -> 429;
                    case "overloaded" -> 503;
                    default -> throw e;
                };
                send(ctx, status, Map.of("error", e.getMessage()));
            }
        };
    }

    private static void send(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a Healthchecks answer; indicates a bug", e);
        }
    }
}
