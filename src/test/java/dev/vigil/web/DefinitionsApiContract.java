package dev.vigil.web;

import static dev.vigil.web.KeyApiTest.call;
import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.testing.TestServer;
import dev.vigil.testing.TestServer.Response;
import dev.vigil.web.definitions.SecretRefs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Jobs as code through a real server (docs/jobs-as-code.md): apply, plan, prune, adopt, export, on
 * each database by subclassing. Each test uses projects of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DefinitionsApiContract {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "hook-secret-4f9a1c";
    TestServer server;

    abstract TestServer start() throws Exception;

    @BeforeAll
    void startServer() throws Exception {
        server = start();
    }

    @AfterAll
    void stop() {
        server.closeAndDelete();
    }

    /** A full project: a job, a channel with a secret by reference, a policy, routes and a window. */
    static String doc(String project, String cron, String grace, String secret) {
        return """
                {"projects": {"%s": {"name": "Project %s",
                  "jobs": [{"slug": "backup", "name": "Nightly backup", "schedule": {"cron": "%s", "timezone": "Europe/Berlin"},
                            "grace": "%s", "tags": ["db"], "command": ["/opt/backup.sh"], "retries": 2},
                           {"slug": "watched", "schedule": {"every": "1h"}}],
                  "channels": [{"name": "hook", "kind": "webhook", "config": {"url": "http://127.0.0.1:9/hook", "secret": "%s"},
                                "secretRefs": {"secret": "env:HOOK_SECRET"}},
                               {"name": "log", "kind": "log"}],
                  "escalationPolicies": [{"name": "ops", "steps": [{"after": "0s", "channels": ["log"]},
                                                                   {"after": "15m", "channels": ["hook"]}]}],
                  "routes": [{"match": {"tags": ["db"]}, "escalation": "ops"}, {"channels": ["log"]}],
                  "maintenanceWindows": [{"name": "sunday", "tag": "db", "cron": "0 2 * * 0", "duration": "2h", "comment": "patching"}]
                }}}""".formatted(project, project, cron, grace, secret);
    }

    Response apply(String query, String body) {
        return server.post("/api/v1/apply" + query, body);
    }

    JsonNode applied(String query, String body) {
        Response r = apply(query, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static List<String> changes(JsonNode answer) {
        List<String> out = new ArrayList<>();
        answer.get("changes").forEach(c -> out.add(c.get("action").asText() + " " + c.get("kind").asText() + " "
                + c.get("project").asText() + "/" + c.get("name").asText()));
        return out;
    }

    @Test
    void apply_creates_everything_and_a_second_apply_plans_nothing() {
        JsonNode first = applied("", doc("a1", "0 2 * * *", "10m", SECRET));

        assertThat(first.get("applied").asBoolean()).isTrue();
        assertThat(changes(first)).containsExactly("create project a1/a1", "create channel a1/hook", "create channel a1/log",
                "create escalationPolicy a1/ops", "create routes a1/routes", "create maintenanceWindow a1/sunday",
                "create job a1/backup", "create job a1/watched");
        Response job = server.get("/api/v1/jobs/a1/backup");
        assertThat(job.status()).as(job.body()).isEqualTo(200);
        assertThat(job.json().get("schedule").get("cron").asText()).isEqualTo("0 2 * * *");
        assertThat(job.json().get("retries").asInt()).isEqualTo(2);
        assertThat(server.get("/api/v1/projects/a1").json().get("name").asText()).isEqualTo("Project a1");
        assertThat(server.get("/api/v1/projects/a1/routes").json().get("routes")).hasSize(2);

        // The same definitions written differently: 600s is 10m, fields in another order.
        String same = doc("a1", "0 2 * * *", "600s", SECRET).replace("\"retries\": 2", "\"retries\": 2, \"overlap\": \"queue\"")
                .replace("\"name\": \"log\", \"kind\": \"log\"", "\"kind\": \"log\", \"name\": \"log\", \"fallback\": false");
        JsonNode second = applied("", same);
        assertThat(second.get("changes")).as(second.toString()).isEmpty();
        assertThat(second.get("unchanged").asInt()).isEqualTo(7);
        assertThat(second.get("applied").asBoolean()).isFalse();
    }

    @Test
    void an_edit_shows_its_field_diff_and_a_dry_run_changes_nothing() {
        applied("", doc("a2", "0 2 * * *", "10m", SECRET));

        JsonNode plan = applied("?dryRun=true", doc("a2", "30 3 * * *", "10m", "another-secret-77"));

        assertThat(plan.get("dryRun").asBoolean()).isTrue();
        assertThat(plan.get("applied").asBoolean()).isFalse();
        assertThat(changes(plan)).containsExactly("update channel a2/hook", "update job a2/backup");
        JsonNode jobDiff = plan.get("changes").get(1).get("diff");
        assertThat(jobDiff).hasSize(1);
        assertThat(jobDiff.get(0).get("field").asText()).isEqualTo("schedule.cron");
        assertThat(jobDiff.get(0).get("before").asText()).isEqualTo("0 2 * * *");
        assertThat(jobDiff.get(0).get("after").asText()).isEqualTo("30 3 * * *");
        JsonNode channelDiff = plan.get("changes").get(0).get("diff");
        assertThat(channelDiff).hasSize(1);
        assertThat(channelDiff.get(0).get("field").asText()).isEqualTo("config.secret");
        assertThat(channelDiff.get(0).get("before").asText()).isEqualTo("(secret)");
        assertThat(channelDiff.get(0).get("after").asText()).isEqualTo("(secret)");
        assertThat(plan.toString()).doesNotContain(SECRET).doesNotContain("another-secret-77");
        assertThat(server.get("/api/v1/jobs/a2/backup").json().get("schedule").get("cron").asText()).isEqualTo("0 2 * * *");

        JsonNode done = applied("", doc("a2", "30 3 * * *", "10m", "another-secret-77"));
        assertThat(done.get("applied").asBoolean()).isTrue();
        assertThat(server.get("/api/v1/jobs/a2/backup").json().get("schedule").get("cron").asText()).isEqualTo("30 3 * * *");
        // An edit in the API is drift: the next apply puts it back.
        assertThat(server.patch("/api/v1/jobs/a2/backup", "{\"grace\": \"20m\"}").status()).isEqualTo(200);
        JsonNode drift = applied("?dryRun=true", doc("a2", "30 3 * * *", "10m", "another-secret-77"));
        assertThat(changes(drift)).containsExactly("update job a2/backup");
        assertThat(drift.get("changes").get(0).get("diff").get(0).get("field").asText()).isEqualTo("grace");
    }

    @Test
    void prune_deletes_only_what_this_source_manages() {
        // A source of its own: prune also reaches the projects that a source's document no longer names.
        applied("?source=repo-3", """
                {"projects": {"a3": {"jobs": [{"slug": "keep"}, {"slug": "drop"}],
                                     "channels": [{"name": "gone", "kind": "log"}]}}}""");
        assertThat(server.put("/api/v1/jobs/a3/by-hand", "{}").status()).isEqualTo(201);
        applied("?source=other-repo", "{\"projects\": {\"a3\": {\"jobs\": [{\"slug\": \"theirs\"}]}}}");

        JsonNode pruned = applied("?source=repo-3&prune=true", "{\"projects\": {\"a3\": {\"jobs\": [{\"slug\": \"keep\"}]}}}");

        assertThat(changes(pruned)).containsExactlyInAnyOrder("delete job a3/drop", "delete channel a3/gone");
        assertThat(server.get("/api/v1/jobs/a3/drop").status()).isEqualTo(404);
        assertThat(server.get("/api/v1/jobs/a3/keep").status()).isEqualTo(200);
        assertThat(server.get("/api/v1/jobs/a3/by-hand").status()).as("made in the API").isEqualTo(200);
        assertThat(server.get("/api/v1/jobs/a3/theirs").status()).as("another source's").isEqualTo(200);
        assertThat(server.get("/api/v1/projects/a3/channels").json().get("channels")).isEmpty();
        assertThat(server.get("/api/v1/audit?action=job.delete&target=a3/drop").json().get("entries")).hasSize(1);
    }

    @Test
    void prune_reaches_a_project_dropped_from_the_document() {
        applied("?source=repo-4", "{\"projects\": {\"a4\": {\"jobs\": [{\"slug\": \"old\"}]}, \"a4b\": {\"jobs\": [{\"slug\": \"new\"}]}}}");

        JsonNode pruned = applied("?source=repo-4&prune=true", "{\"projects\": {\"a4b\": {\"jobs\": [{\"slug\": \"new\"}]}}}");

        assertThat(changes(pruned)).containsExactly("delete job a4/old");
        assertThat(server.get("/api/v1/jobs/a4/old").status()).isEqualTo(404);
    }

    @Test
    void an_object_made_in_the_api_is_an_error_until_adopted_and_another_sources_always() {
        assertThat(server.put("/api/v1/jobs/" + project("a5") + "/nightly", "{\"schedule\": {\"every\": \"1d\"}}").status()).isEqualTo(201);
        String want = "{\"projects\": {\"a5\": {\"jobs\": [{\"slug\": \"nightly\", \"schedule\": {\"every\": \"1d\"}, \"owner\": \"ann\"}]}}}";

        Response refused = apply("", want);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("field").asText()).isEqualTo("projects.a5.jobs[0]");
        assertThat(refused.json().get("message").asText()).contains("not managed by apply").contains("--adopt");

        JsonNode adopted = applied("?adopt=true", want);
        assertThat(changes(adopted)).containsExactly("adopt job a5/nightly");
        assertThat(adopted.get("changes").get(0).get("diff").get(0).get("field").asText()).isEqualTo("owner");
        assertThat(server.get("/api/v1/jobs/a5/nightly").json().get("owner").asText()).isEqualTo("ann");
        assertThat(applied("", want).get("changes")).isEmpty();

        Response other = apply("?source=someone-else&adopt=true", want);
        assertThat(other.status()).as(other.body()).isEqualTo(400);
        assertThat(other.json().get("message").asText()).contains("managed by another apply source, 'apply'");
    }

    @Test
    void every_error_of_a_document_is_returned_and_nothing_changes() {
        String bad = """
                {"projects": {"a6": {
                  "jobs": [{"slug": "ok"}, {"slug": "bad", "schedule": {"cron": "61 * * * *"}}, {"slug": "worse", "grace": "soon"}],
                  "channels": [{"name": "hook", "kind": "webhook", "config": {"url": "ftp://nope"}}],
                  "routes": [{"channels": ["missing"]}]}}}""";

        Response r = apply("", bad);

        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo("invalid");
        List<String> fields = new ArrayList<>();
        r.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertThat(fields).containsExactlyInAnyOrder("projects.a6.channels[0].config.url", "projects.a6.routes[0].channels[0]",
                "projects.a6.jobs[1].schedule.cron", "projects.a6.jobs[2].grace");
        assertThat(r.json().get("field").asText()).isEqualTo(fields.getFirst());
        assertThat(exists("a6")).as("nothing created").isFalse();
    }

    @Test
    void export_then_apply_plans_nothing_for_managed_objects_and_only_adopts_for_the_rest() {
        applied("", doc("a7", "0 2 * * *", "10m", SECRET));
        JsonNode exported = server.get("/api/v1/export?project=a7").json();

        assertThat(exported.toString()).doesNotContain(SECRET);
        JsonNode hook = exported.get("projects").get("a7").get("channels").get(0);
        assertThat(hook.get("config").get("secret").get("fromEnv").asText()).isEqualTo("HOOK_SECRET");
        assertThat(exported.get("projects").get("a7").get("jobs").get(1)).as("defaults left out")
                .isEqualTo(JSON.createObjectNode().put("slug", "watched").set("schedule", JSON.createObjectNode().put("every", "1h")));
        JsonNode again = applied("", resolved(exported, Map.of("HOOK_SECRET", SECRET)));
        assertThat(again.get("changes")).as(again.toString()).isEmpty();

        // Made in the API: export names a variable for the secret; applying it only adopts.
        project("a8");
        assertThat(server.post("/api/v1/projects/a8/channels", """
                {"name": "pager", "kind": "webhook", "config": {"url": "http://127.0.0.1:9/p", "secret": "%s"}}""".formatted(SECRET)).status())
                .isEqualTo(201);
        assertThat(server.put("/api/v1/jobs/a8/sync", "{\"schedule\": {\"cron\": \"*/5 * * * *\"}, \"command\": \"sync.sh\", \"env\": {\"A\": \"1\"}}")
                .status()).isEqualTo(201);
        JsonNode made = server.get("/api/v1/export?project=a8").json();
        assertThat(made.toString()).doesNotContain(SECRET);
        assertThat(made.get("warnings").get(0).asText()).contains("VIGIL_SECRET_A8_PAGER_SECRET");
        JsonNode adopted = applied("?adopt=true", resolved(made, Map.of("VIGIL_SECRET_A8_PAGER_SECRET", SECRET)));
        assertThat(changes(adopted)).containsExactlyInAnyOrder("adopt channel a8/pager", "adopt job a8/sync");
        // Nothing to change but where the secret comes from from now on.
        assertThat(adopted.toString()).doesNotContain("config.").contains("\"field\":\"secretRefs.secret\"");
        assertThat(server.get("/api/v1/export?project=a8&managedOnly=true").json().get("projects").get("a8").get("jobs")).hasSize(1);
    }

    @Test
    void secrets_never_appear_in_the_audit_log_and_viewers_export_no_job_secrets() {
        applied("", doc("a9", "0 2 * * *", "10m", SECRET).replace("\"retries\": 2", "\"retries\": 2, \"env\": {\"TOKEN\": \"job-token-99\"}"));

        String audit = server.get("/api/v1/audit?project=a9").body();
        assertThat(audit).contains("channel.create").contains("job.create").doesNotContain(SECRET).doesNotContain("job-token-99");
        String viewer = createKey(server, TestServer.ADMIN_KEY, "a9-viewer", "viewer", "a9").get("key").asText();
        Response exported = call(server, viewer, "GET", "/api/v1/export", null);
        assertThat(exported.status()).as(exported.body()).isEqualTo(200);
        assertThat(exported.json().get("projects").fieldNames()).toIterable().containsExactly("a9");
        assertThat(exported.body()).doesNotContain(SECRET).doesNotContain("job-token-99");
        assertThat(server.get("/api/v1/export?project=a9").body()).contains("job-token-99");
    }

    @Test
    void roles_and_project_scope_are_those_of_the_api() {
        applied("", "{\"projects\": {\"b1\": {}, \"b2\": {}}}");
        String operator = createKey(server, TestServer.ADMIN_KEY, "b1-operator", "operator", "b1").get("key").asText();
        String editor = createKey(server, TestServer.ADMIN_KEY, "b1-editor", "editor", "b1").get("key").asText();
        String window = "{\"projects\": {\"b1\": {\"maintenanceWindows\": [{\"name\": \"w\", \"cron\": \"0 2 * * 0\", \"duration\": \"1h\", \"comment\": \"x\"}]}}}";
        String job = "{\"projects\": {\"b1\": {\"jobs\": [{\"slug\": \"j\"}]}}}";

        assertThat(call(server, operator, "POST", "/api/v1/apply", window).status()).isEqualTo(200);
        Response noJob = call(server, operator, "POST", "/api/v1/apply?dryRun=true", job);
        assertThat(noJob.status()).as(noJob.body()).isEqualTo(403);
        assertThat(call(server, editor, "POST", "/api/v1/apply", job).status()).isEqualTo(200);
        Response channel = call(server, editor, "POST", "/api/v1/apply", "{\"projects\": {\"b1\": {\"channels\": [{\"name\": \"c\", \"kind\": \"log\"}]}}}");
        assertThat(channel.status()).as("channels need admin").isEqualTo(403);
        Response other = call(server, editor, "POST", "/api/v1/apply", "{\"projects\": {\"b2\": {\"jobs\": [{\"slug\": \"j\"}]}}}");
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.json().get("message").asText()).contains("'b2'");
        Response create = call(server, editor, "POST", "/api/v1/apply", "{\"projects\": {\"b3\": {}}}");
        assertThat(create.status()).as("a new project needs admin over all").isEqualTo(403);
        assertThat(exists("b3")).isFalse();
    }

    @Test
    void the_schema_is_served_without_a_key_and_is_the_documented_one() throws Exception {
        var r = server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/api/v1/schema/definitions.json"))).GET());
        assertThat(r.status()).isEqualTo(200);
        JsonNode docs = JSON.readTree(java.nio.file.Files.readString(java.nio.file.Path.of("docs/definitions.schema.json")));
        assertThat(JSON.readTree(r.body())).isEqualTo(docs);
    }

    private boolean exists(String slug) {
        java.util.Optional<dev.vigil.domain.Project> p = server.vigil.store().read((dev.vigil.store.Tx tx) -> tx.projects().bySlug(slug));
        return p.isPresent();
    }

    private String project(String slug) {
        if (!exists(slug)) server.createProject(slug);
        return slug;
    }

    /** What the command line does with an exported file: secrets by reference read from the environment. */
    static String resolved(JsonNode exported, Map<String, String> env) {
        ObjectNode doc = exported.deepCopy();
        doc.remove("warnings");
        doc.get("projects").forEach(p -> {
            if (!(p.get("channels") instanceof ArrayNode channels)) return;
            for (JsonNode c : channels) {
                if (!(c.get("config") instanceof ObjectNode config)) continue;
                SecretRefs.Resolved r = SecretRefs.resolve(config, "config", env, null);
                ((ObjectNode) c).set("config", r.config());
                ((ObjectNode) c).set("secretRefs", JSON.valueToTree(r.refs()));
            }
        });
        return doc.toString();
    }
}
