package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code /api/v1/openapi.json} true to the code: the routes it documents are exactly the
 * routes the server registers, its references resolve, and the JSON the server really sends has no
 * field the document does not describe.
 */
class OpenApiTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");
    static final MutableClock clock = MutableClock.at("2025-06-01T10:00:00Z");
    static TestServer server;
    static JsonNode doc;

    @BeforeAll
    static void start() {
        server = TestServer.start(clock);
        var r = server.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/openapi.json"))).GET());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        doc = r.json();
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    @Test
    void document_is_public_json_in_openapi_3_1() {
        assertThat(doc.path("openapi").asText()).matches("3\\.1\\.\\d+");
        assertThat(doc.path("info").path("title").asText()).isNotBlank();
        assertThat(doc.path("info").path("version").asText()).isNotBlank();
        assertThat(doc.path("paths").isObject()).isTrue();
    }

    @Test
    void documented_routes_are_exactly_the_registered_routes() {
        Map<String, String> registered = new TreeMap<>();
        // The dashboard's HTML pages and files (/, /ui/..., /webjars/...) are for browsers, described in docs/dashboard.md, not API routes;
        // /dist/... are files for hosts to download (vigil-run, docs/run-wrapper.md).
        // Healthchecks' management API (/api/v1|v2|v3/checks, /channels) is Healthchecks' to describe, not Vigil's own API:
        // docs/healthchecks.md; its auth is tested in HealthchecksApiTest.
        server.vigil.web().routes().stream().filter(r -> !isDashboard(r) && !isHealthchecks(r)).forEach(r -> registered.put(normalise(r), r));
        Map<String, String> documented = new TreeMap<>();
        doc.path("paths").properties().forEach(p -> names(p.getValue()).forEach(m -> {
            String route = m.toUpperCase(Locale.ROOT) + " " + p.getKey();
            if (METHODS.contains(m)) documented.put(normalise(route), route);
        }));
        List<String> undocumented = registered.entrySet().stream()
                .filter(e -> !documented.containsKey(e.getKey())).map(Map.Entry::getValue).toList();
        List<String> notRegistered = documented.entrySet().stream()
                .filter(e -> !registered.containsKey(e.getKey())).map(Map.Entry::getValue).toList();
        assertThat(undocumented.isEmpty() && notRegistered.isEmpty())
                .as("registered by the server but missing from openapi.json: %s%n"
                        + "in openapi.json but not registered by the server: %s", undocumented, notRegistered)
                .isTrue();
        assertThat(registered).containsKeys("HEAD /ping/{}", "HEAD /ping/{}/{}/{}", "GET /api/v1/openapi.json");
    }

    private static boolean isDashboard(String route) {
        String path = route.substring(route.indexOf(' ') + 1);
        return path.equals("/") || path.equals("/ui") || path.startsWith("/ui/") || path.startsWith("/webjars/")
                || path.startsWith("/dist/");
    }

    private static boolean isHealthchecks(String route) {
        return dev.vigil.web.healthchecks.HealthchecksApi.serves(route.substring(route.indexOf(' ') + 1));
    }

    /** Path parameter names may be more telling in the document than in the code: only the shape must agree. */
    private static String normalise(String route) {
        return PATH_PARAM.matcher(route).replaceAll("{}");
    }

    @Test
    void only_the_routes_outside_the_authenticated_api_are_public() {
        eachOperation((method, path, op) -> {
            boolean publicRoute = !path.startsWith("/api/v1/") || path.equals("/api/v1/openapi.json")
                    || path.equals(DefinitionRoutes.SCHEMA_PATH);
            JsonNode security = op.get("security");
            boolean documentedPublic = security != null && security.isArray() && security.isEmpty();
            assertThat(documentedPublic).as(method + " " + path + " documented as public").isEqualTo(publicRoute);
        });
        assertThat(doc.path("security").isArray() && !doc.path("security").isEmpty()).isTrue();
    }

    @Test
    void operations_declare_their_path_parameters_and_responses_and_have_unique_ids() {
        Set<String> ids = new HashSet<>();
        eachOperation((method, path, op) -> {
            String where = method + " " + path;
            assertThat(op.path("responses").size()).as(where + " responses").isPositive();
            assertThat(ids.add(op.path("operationId").asText())).as(where + " operationId unique").isTrue();
            Set<String> declared = new HashSet<>();
            List<JsonNode> params = new ArrayList<>();
            doc.path("paths").path(path).path("parameters").forEach(params::add);
            op.path("parameters").forEach(params::add);
            for (JsonNode p : params) {
                JsonNode resolved = resolve(p);
                if (resolved.path("in").asText().equals("path")) declared.add(resolved.path("name").asText());
            }
            Set<String> inPath = new HashSet<>();
            Matcher m = PATH_PARAM.matcher(path);
            while (m.find()) inPath.add(m.group(1));
            assertThat(declared).as(where + " path parameters").isEqualTo(inPath);
        });
    }

    @Test
    void every_reference_resolves() {
        List<String> broken = new ArrayList<>();
        collectRefs(doc, broken);
        assertThat(broken).as("unresolved $ref").isEmpty();
    }

    @Test
    void fields_the_server_sends_are_documented() {
        var project = server.createProject("docs");
        assertDocumented("Project", project);
        var put = server.put("/api/v1/jobs/docs/full", """
                {"name": "Full", "description": "every field", "owner": "ops", "tags": ["a"],
                 "schedule": {"cron": "0 * * * *", "timezone": "Europe/Paris"}, "grace": "5m",
                 "maxRuntime": "30m", "minRuntime": "1s", "health": {"consecutiveFailures": 3},
                 "command": ["/bin/true"], "workdir": "/tmp", "env": {"A": "1"}, "timeout": "1h", "retries": 1,
                 "labels": ["linux"], "after": ["other"], "params": {"P": "x"}}""");
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        String uuid = put.json().get("uuid").asText();
        server.ping("/ping/" + uuid + "/fail", null);
        server.ping("/ping/" + uuid + "/start?rid=r1", null);
        clock.advance(Duration.ofSeconds(5));
        server.ping("/ping/" + uuid + "/0?rid=r1", "done");
        server.ping("/ping/" + uuid + "/start", null);
        JsonNode job = server.get("/api/v1/jobs/docs/full").json();
        assertDocumented("Job", job);
        var http = server.put("/api/v1/jobs/docs/hook", "{\"http\": {\"url\": \"https://example.org/\", \"body\": \"{}\"}}").json();
        assertDocumented("Job", http);
        Set<String> sent = new HashSet<>(fieldNames(job));
        sent.addAll(fieldNames(http));
        assertThat(propertyNames("Job")).as("Job schema fields the server never sends").isSubsetOf(sent);
        assertDocumented("Job", server.get("/api/v1/jobs?project=docs").json().get("jobs").get(0));
        JsonNode run = server.get("/api/v1/jobs/docs/full/runs").json().get("runs").get(1);
        assertDocumented("Run", run);
        assertDocumented("Run", server.get("/api/v1/runs/" + run.get("id").asLong()).json());
        server.vigil.runLogs().append(run.get("id").asLong(), 1, clock.instant(), "hello\n");
        JsonNode chunks = server.get("/api/v1/runs/" + run.get("id").asLong() + "/log/chunks").json();
        assertDocumented("LogChunks", chunks);
        assertDocumented("LogChunk", chunks.get("chunks").get(0));
        server.get("/api/v1/jobs/docs/full/events").json().get("events").forEach(e -> assertDocumented("Event", e));
        server.get("/api/v1/jobs/docs/full/flips").json().get("flips").forEach(f -> assertDocumented("Flip", f));
        var channel = server.post("/api/v1/projects/docs/channels", "{\"kind\": \"log\", \"name\": \"audit\"}");
        assertDocumented("Channel", channel.json());
        assertDocumented("Error", server.put("/api/v1/jobs/docs/x", "{\"graec\": \"1m\"}").json());
        assertDocumented("SchedulePreview", server.get("/api/v1/schedules/preview?every=15m").json());
        var key = server.post("/api/v1/keys", "{\"name\": \"docs-ci\", \"role\": \"operator\", \"project\": \"docs\"}");
        assertThat(key.status()).as(key.body()).isEqualTo(201);
        assertDocumented("ApiKey", key.json());
        assertThat(propertyNames("ApiKey")).as("ApiKey schema fields the server never sends").isEqualTo(fieldNames(key.json()));
        server.get("/api/v1/keys").json().get("keys").forEach(k -> assertDocumented("ApiKey", k));
        JsonNode audit = server.get("/api/v1/audit?limit=500").json();
        assertThat(audit.get("entries")).isNotEmpty();
        audit.get("entries").forEach(e -> assertDocumented("AuditEntry", e));
    }

    /** Generated clients send a schema's defaults as if the user had: each must be accepted for every kind of job. */
    @Test
    void the_job_definitions_defaults_are_accepted_for_a_watched_and_a_managed_job() {
        server.createProject("defaults");
        ObjectNode defaults = defaults(component("JobInput"));
        assertThat(defaults.size()).as("JobInput defaults: " + defaults).isPositive();
        var watched = server.put("/api/v1/jobs/defaults/watched", defaults.deepCopy().put("every", "1h").toString());
        assertThat(watched.status()).as(defaults + " -> " + watched.body()).isEqualTo(201);
        assertThat(watched.json().has("command")).isFalse();
        ObjectNode managed = defaults.deepCopy().put("every", "1h");
        managed.putArray("command").add("/bin/true");
        var created = server.put("/api/v1/jobs/defaults/managed", managed.toString());
        assertThat(created.status()).as(managed + " -> " + created.body()).isEqualTo(201);
    }

    /**
     * An object of every property's default, with the defaults of a nested object that may be sent
     * with no field of its own (the health policy; not an http target, which needs its url).
     */
    private static ObjectNode defaults(JsonNode schema) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        resolve(schema).path("properties").properties().forEach(p -> {
            JsonNode property = resolve(p.getValue());
            if (property.has("default")) {
                out.set(p.getKey(), property.get("default"));
            } else if (property.has("properties") && !property.has("required")) {
                ObjectNode nested = defaults(property);
                if (!nested.isEmpty()) out.set(p.getKey(), nested);
            }
        });
        return out;
    }

    @Test
    void alert_rule_fields_the_server_sends_are_documented() {
        server.createProject("rules");
        server.put("/api/v1/jobs/rules/backup", "{\"every\": \"1h\"}");
        server.post("/api/v1/projects/rules/channels", "{\"kind\": \"log\", \"name\": \"chat\"}");
        var policy = server.put("/api/v1/projects/rules/escalation-policies/on-call", """
                {"steps": [{"channels": ["chat"]}, {"after": "15m", "owner": true}], "repeat": {"every": "30m", "times": 2}}""");
        assertThat(policy.status()).as(policy.body()).isEqualTo(201);
        assertDocumented("EscalationPolicy", policy.json());
        var routes = server.put("/api/v1/projects/rules/routes", """
                {"routes": [{"name": "all", "match": {"tags": ["a"], "owners": ["o"], "severities": ["warning"]},
                             "channels": ["chat"], "escalation": "on-call", "continue": true}]}""");
        assertThat(routes.status()).as(routes.body()).isEqualTo(200);
        assertDocumented("Route", routes.json().get("routes").get(0));
        var silence = server.post("/api/v1/projects/rules/silences", "{\"job\": \"backup\", \"duration\": \"1h\", \"comment\": \"c\"}");
        assertThat(silence.status()).as(silence.body()).isEqualTo(201);
        assertDocumented("Silence", silence.json());
        var window = server.post("/api/v1/projects/rules/maintenance-windows", """
                {"name": "w", "tag": "db", "cron": "* * * * *", "duration": "1h", "comment": "c"}""");
        assertThat(window.status()).as(window.body()).isEqualTo(201);
        assertDocumented("MaintenanceWindow", window.json());
        assertThat(propertyNames("MaintenanceWindow")).as("MaintenanceWindow schema fields the server never sends")
                .isSubsetOf(union(fieldNames(window.json()), Set.of("job")));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }

    private static void assertDocumented(String schema, JsonNode sent) {
        assertThat(propertyNames(schema)).as(schema + " schema vs " + sent).containsAll(fieldNames(sent));
        resolve(component(schema)).path("required").forEach(r ->
                assertThat(sent.has(r.asText())).as(schema + " requires " + r.asText() + ": " + sent).isTrue());
    }

    private static Set<String> propertyNames(String schema) {
        return names(component(schema).path("properties"));
    }

    private static Set<String> fieldNames(JsonNode node) {
        return names(node);
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode component(String name) {
        JsonNode s = doc.path("components").path("schemas").path(name);
        assertThat(s.isObject()).as("components.schemas." + name).isTrue();
        return s;
    }

    private interface OperationCheck {
        void check(String method, String path, JsonNode operation);
    }

    private static void eachOperation(OperationCheck check) {
        doc.path("paths").properties().forEach(p -> p.getValue().properties().forEach(m -> {
            if (METHODS.contains(m.getKey())) check.check(m.getKey().toUpperCase(Locale.ROOT), p.getKey(), m.getValue());
        }));
    }

    private static JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref == null ? node : resolve(doc.at(ref.asText().substring(1)));
    }

    private static void collectRefs(JsonNode node, List<String> broken) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && (!ref.asText().startsWith("#/") || doc.at(ref.asText().substring(1)).isMissingNode())) {
                broken.add(ref.asText());
            }
            node.forEach(child -> collectRefs(child, broken));
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, broken));
        }
    }
}
