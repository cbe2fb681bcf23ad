package dev.vigil.web;

import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.app.Config;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the OpenAPI document × every role, valid in every project or bound to another
 * project, and no key: who gets in, from one table ({@link #RULES}), on a real server. "Gets in"
 * means the answer is neither 401 nor 403 (what it then says, 200 or 404 or 400, is other tests'
 * business); "kept out" means 401 without a key and 403 or 404 with one. No answer is a 5xx.
 *
 * <p>Every operation of the document must have a rule here and every rule an operation: a new route
 * cannot be added without saying who may use it.
 */
class RoleRouteMatrixTest {
    /** Who may: a role (the ranked ones include those above), {@code agent}, or {@code public}. */
    enum Need { PUBLIC, VIEWER, OPERATOR, EDITOR, ADMIN, AGENT }

    /**
     * Where the key's project binding matters: {@code PROJECT} (the operation names a resource of
     * project alpha: a key bound to beta is kept out); {@code LIST} (lists what the key may see: a
     * bound key gets in); {@code GLOBAL} (only a key valid in every project gets in).
     */
    enum Scope { NONE, PROJECT, LIST, GLOBAL }

    record Rule(Need need, Scope scope) {}

    static final Map<String, Rule> RULES = new LinkedHashMap<>();

    static {
        for (String op : List.of("pingSuccess", "pingSuccessWithBody", "pingSuccessHead", "pingSuffixOrSlug",
                "pingSuffixOrSlugWithBody", "pingSuffixOrSlugHead", "pingSlugSuffix", "pingSlugSuffixWithBody", "pingSlugSuffixHead",
                "live", "ready", "metrics", "openapi", "definitionsSchema")) {
            rule(op, Need.PUBLIC, Scope.NONE);
        }
        rule("previewSchedule", Need.VIEWER, Scope.LIST);
        rule("listProjects", Need.VIEWER, Scope.LIST);
        rule("createProject", Need.ADMIN, Scope.GLOBAL);
        rule("getProject", Need.VIEWER, Scope.PROJECT);
        rule("listKeys", Need.ADMIN, Scope.LIST);
        rule("createKey", Need.ADMIN, Scope.PROJECT); // the body asks for a key of project alpha
        rule("deleteKey", Need.ADMIN, Scope.PROJECT);
        rule("listChannels", Need.VIEWER, Scope.PROJECT);
        rule("createChannel", Need.ADMIN, Scope.PROJECT);
        rule("updateChannel", Need.ADMIN, Scope.PROJECT);
        rule("deleteChannel", Need.ADMIN, Scope.PROJECT);
        rule("testChannel", Need.ADMIN, Scope.PROJECT);
        rule("listNotifications", Need.VIEWER, Scope.LIST);
        rule("listRoutes", Need.VIEWER, Scope.PROJECT);
        rule("replaceRoutes", Need.ADMIN, Scope.PROJECT);
        rule("listEscalationPolicies", Need.VIEWER, Scope.PROJECT);
        rule("getEscalationPolicy", Need.VIEWER, Scope.PROJECT);
        rule("putEscalationPolicy", Need.ADMIN, Scope.PROJECT);
        rule("deleteEscalationPolicy", Need.ADMIN, Scope.PROJECT);
        rule("listSilences", Need.VIEWER, Scope.PROJECT);
        rule("createSilence", Need.OPERATOR, Scope.PROJECT);
        rule("expireSilence", Need.OPERATOR, Scope.PROJECT);
        rule("listMaintenanceWindows", Need.VIEWER, Scope.PROJECT);
        rule("createMaintenanceWindow", Need.OPERATOR, Scope.PROJECT);
        rule("deleteMaintenanceWindow", Need.OPERATOR, Scope.PROJECT);
        rule("listJobs", Need.VIEWER, Scope.LIST);
        rule("getJob", Need.VIEWER, Scope.PROJECT);
        rule("putJob", Need.EDITOR, Scope.PROJECT);
        rule("patchJob", Need.EDITOR, Scope.PROJECT);
        rule("deleteJob", Need.EDITOR, Scope.PROJECT);
        rule("pauseJob", Need.OPERATOR, Scope.PROJECT);
        rule("resumeJob", Need.OPERATOR, Scope.PROJECT);
        rule("listRuns", Need.VIEWER, Scope.PROJECT);
        rule("triggerRun", Need.OPERATOR, Scope.PROJECT);
        rule("listEvents", Need.VIEWER, Scope.PROJECT);
        rule("reportEvent", Need.OPERATOR, Scope.PROJECT);
        rule("listFlips", Need.VIEWER, Scope.PROJECT);
        rule("getRun", Need.VIEWER, Scope.PROJECT);
        rule("cancelRun", Need.OPERATOR, Scope.PROJECT);
        rule("rerunRun", Need.OPERATOR, Scope.PROJECT);
        rule("getRunLog", Need.VIEWER, Scope.PROJECT);
        rule("getRunLogChunks", Need.VIEWER, Scope.PROJECT);
        rule("listRunsByState", Need.VIEWER, Scope.LIST);
        rule("listUpcoming", Need.VIEWER, Scope.LIST);
        rule("listAgents", Need.VIEWER, Scope.GLOBAL);
        rule("agentPoll", Need.AGENT, Scope.LIST);
        rule("agentEvents", Need.AGENT, Scope.LIST);
        rule("agentLeave", Need.AGENT, Scope.LIST);
        rule("listIncidents", Need.VIEWER, Scope.LIST);
        rule("getIncident", Need.VIEWER, Scope.PROJECT);
        rule("acknowledgeIncident", Need.OPERATOR, Scope.PROJECT);
        rule("resolveIncident", Need.OPERATOR, Scope.PROJECT);
        rule("getCluster", Need.VIEWER, Scope.GLOBAL);
        rule("listAudit", Need.ADMIN, Scope.LIST); // a bound admin sees its project's entries
        rule("applyDefinitions", Need.EDITOR, Scope.PROJECT); // the body defines a job in project alpha
        rule("exportDefinitions", Need.VIEWER, Scope.LIST); // a bound key exports its own project
    }

    private static void rule(String op, Need need, Scope scope) {
        RULES.put(op, new Rule(need, scope));
    }

    /** A caller: a role, valid everywhere or bound to project beta, or no key at all. */
    record Caller(String name, Need role, boolean boundToBeta, String key) {}

    static final ObjectMapper JSON = new ObjectMapper();
    static TestServer server;
    static final List<Caller> callers = new ArrayList<>();
    static JsonNode openapi;
    static String uuid;
    static String pingKey;
    static int seq;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(MutableClock.at("2026-06-01T10:00:00Z"),
                Config.forTests(Files.createTempDirectory("vigil-matrix")).withAdminKey(TestServer.ADMIN_KEY));
        pingKey = server.createProject("alpha").get("pingKey").asText();
        server.createProject("beta");
        callers.add(new Caller("no key", null, false, null));
        for (Need role : List.of(Need.VIEWER, Need.OPERATOR, Need.EDITOR, Need.ADMIN, Need.AGENT)) {
            String r = role.name().toLowerCase(java.util.Locale.ROOT);
            callers.add(new Caller(r, role, false, createKey(server, TestServer.ADMIN_KEY, r + "-all", r, null).get("key").asText()));
            callers.add(new Caller(r + "@beta", role, true, createKey(server, TestServer.ADMIN_KEY, r + "-beta", r, "beta").get("key").asText()));
        }
        try (InputStream in = RoleRouteMatrixTest.class.getResourceAsStream("/openapi.json")) {
            openapi = JSON.readTree(in);
        }
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    @Test
    void every_operation_has_a_rule_and_every_rule_an_operation() {
        assertThat(new TreeSet<>(operations().keySet())).isEqualTo(new TreeSet<>(RULES.keySet()));
    }

    @Test
    void every_role_gets_in_where_the_table_says_and_is_kept_out_everywhere_else() {
        List<String> wrong = new ArrayList<>();
        int cases = 0;
        for (Map.Entry<String, String[]> op : operations().entrySet()) {
            Rule rule = RULES.get(op.getKey());
            if (rule == null) continue; // the other test names it
            String method = op.getValue()[0];
            for (Caller c : callers) {
                String path = fill(op.getKey(), op.getValue()[1]); // fresh resources: an earlier call may have deleted them
                if (op.getKey().equals("agentLeave") || op.getKey().equals("agentEvents")) {
                    call(c.key(), "POST", "/api/v1/agent/poll", body("agentPoll")); // an agent reports under the name it polled with
                }
                TestServer.Response r = call(c.key(), method, path, body(op.getKey()));
                cases++;
                boolean in = r.status() != 401 && r.status() != 403;
                boolean expected = getsIn(rule, c);
                boolean ok = r.status() < 500 && (expected ? in : keptOut(c, r.status(), rule));
                if (!ok) {
                    wrong.add(String.format("%s %s (%s) as %s: %d, expected %s; %s", method, path, op.getKey(), c.name(), r.status(),
                            expected ? "to get in" : "to be kept out", r.body().length() > 160 ? r.body().substring(0, 160) : r.body()));
                }
            }
        }
        System.out.println("role × route: " + cases + " cases");
        assertThat(wrong).as("answers that do not match the table").isEmpty();
    }

    private static boolean getsIn(Rule rule, Caller c) {
        if (rule.need() == Need.PUBLIC) return true;
        if (c.role() == null) return false;
        boolean roleOk = rule.need() == Need.AGENT ? c.role() == Need.AGENT || c.role() == Need.ADMIN
                : c.role() != Need.AGENT && c.role().ordinal() >= rule.need().ordinal();
        if (!roleOk) return false;
        if (!c.boundToBeta()) return true;
        return rule.scope() == Scope.LIST;
    }

    private static boolean keptOut(Caller c, int status, Rule rule) {
        if (c.role() == null) return status == 401;
        // A key bound to another project may also be told the resource does not exist.
        return status == 403 || (c.boundToBeta() && rule.scope() == Scope.PROJECT && status == 404);
    }

    /** operationId → {method, path} for every operation of the document. */
    private static Map<String, String[]> operations() {
        Map<String, String[]> ops = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = openapi.get("paths").fields(); paths.hasNext(); ) {
            var p = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ms = p.getValue().fields(); ms.hasNext(); ) {
                var m = ms.next();
                if (!m.getValue().has("operationId")) continue;
                ops.put(m.getValue().get("operationId").asText(), new String[] {m.getKey().toUpperCase(java.util.Locale.ROOT), p.getKey()});
            }
        }
        return ops;
    }

    /** The path with its parameters filled with resources of project alpha, made afresh for this call. */
    private static String fill(String op, String template) {
        String slug = "j" + (++seq);
        boolean needsJob = template.contains("{slug}") || template.contains("{uuid") || template.contains("{runId}")
                || (template.contains("{id}") && (template.startsWith("/api/v1/runs") || template.startsWith("/api/v1/incidents")));
        if (needsJob) {
            boolean managed = template.startsWith("/api/v1/runs");
            var r = server.put("/api/v1/jobs/alpha/" + slug, "{\"schedule\": {\"every\": \"1h\"}" + (managed ? ", \"command\": \"true\"" : "") + "}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            uuid = r.json().get("uuid").asText();
        }
        String id = "0";
        if (template.startsWith("/api/v1/runs/{id}")) {
            var r = server.post("/api/v1/jobs/alpha/" + slug + "/runs", "{}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            id = r.json().get("id").asText();
        } else if (template.startsWith("/api/v1/incidents/{id}")) {
            // An open incident of the job, stored as the engine leaves one (opening one takes a deadline).
            long jobId = server.vigil.store().read(tx -> tx.jobs().bySlug(tx.projects().bySlug("alpha").orElseThrow().id(), slug))
                    .orElseThrow().id();
            java.time.Instant at = java.time.Instant.parse("2026-06-01T10:00:00Z");
            var incident = new dev.vigil.domain.Incident(0, jobId, server.vigil.store().read(tx -> tx.projects().bySlug("alpha"))
                    .orElseThrow().id(), dev.vigil.domain.Incident.Severity.CRITICAL, dev.vigil.domain.Incident.State.OPEN, at, null,
                    "missed: no ping within grace", null, null, null, null, false, true, at, null, "no route matches it", null, 0, 0,
                    null, 0);
            id = Long.toString(server.vigil.store().write(tx -> tx.incidents().insert(incident)).id());
        } else if (template.equals("/api/v1/keys/{id}")) {
            id = createKey(server, TestServer.ADMIN_KEY, "doomed-" + seq, "viewer", "alpha").get("id").asText();
        } else if (template.startsWith("/api/v1/projects/{project}/channels/{id}")) {
            var r = server.post("/api/v1/projects/alpha/channels", "{\"kind\": \"log\", \"name\": \"c" + seq + "\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            id = r.json().get("id").asText();
        } else if (template.startsWith("/api/v1/projects/{project}/silences/{id}")) {
            var r = server.post("/api/v1/projects/alpha/silences", "{\"tag\": \"t" + seq + "\", \"duration\": \"1h\", \"comment\": \"matrix\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            id = r.json().get("id").asText();
        } else if (template.startsWith("/api/v1/projects/{project}/maintenance-windows/{id}")) {
            var r = server.post("/api/v1/projects/alpha/maintenance-windows",
                    "{\"name\": \"w" + seq + "\", \"tag\": \"db\", \"cron\": \"0 2 * * 0\", \"duration\": \"1h\", \"comment\": \"matrix\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            id = r.json().get("id").asText();
        }
        return template.replace("{project}", "alpha").replace("{slug}", slug).replace("{id}", id)
                .replace("{name}", "p" + seq).replace("{uuidOrPingKey}", uuid).replace("{suffixOrSlug}", "start")
                .replace("{uuid}", uuid).replace("{pingKey}", pingKey).replace("{suffix}", "log");
    }

    /** A body the operation accepts where one is needed; whether it is valid matters little. */
    private static String body(String op) {
        return switch (op) {
            case "createProject" -> "{\"slug\": \"p" + seq + "\"}";
            case "createKey" -> "{\"name\": \"k" + seq + "\", \"role\": \"viewer\", \"project\": \"alpha\"}";
            case "createChannel", "updateChannel" -> "{\"kind\": \"log\", \"name\": \"n" + seq + "\"}";
            case "replaceRoutes" -> "{\"routes\": []}";
            case "putEscalationPolicy" -> "{\"steps\": []}";
            case "createSilence" -> "{\"tag\": \"s" + seq + "\", \"duration\": \"1h\", \"comment\": \"matrix\"}";
            case "createMaintenanceWindow" -> "{\"name\": \"m" + seq + "\", \"tag\": \"db\", \"cron\": \"0 2 * * 0\", \"duration\": \"1h\", \"comment\": \"matrix\"}";
            case "putJob" -> "{\"schedule\": {\"every\": \"1h\"}}";
            case "applyDefinitions" -> "{\"projects\": {\"alpha\": {\"jobs\": [{\"slug\": \"d" + seq + "\", \"schedule\": {\"every\": \"1h\"}}]}}}";
            case "patchJob" -> "{\"owner\": \"bob\"}";
            case "reportEvent" -> "{\"kind\": \"log\", \"message\": \"hi\"}";
            case "agentPoll" -> "{\"name\": \"a" + seq + "\", \"instance\": \"i" + seq + "\", \"capacity\": 0}";
            case "agentEvents" -> "{\"name\": \"a" + seq + "\", \"instance\": \"i" + seq + "\", \"events\": []}";
            case "agentLeave" -> "{\"name\": \"a" + seq + "\", \"instance\": \"i" + seq + "\"}";
            default -> null;
        };
    }

    private static TestServer.Response call(String key, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        if (key != null) b.header("Authorization", "Bearer " + key);
        return server.send(b);
    }
}
