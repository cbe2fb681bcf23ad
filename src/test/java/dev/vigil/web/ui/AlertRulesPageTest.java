package dev.vigil.web.ui;

import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules page: routes and escalation policies edited as the API's JSON, through its validation, audited. */
class AlertRulesPageTest {
    static final String PAGE = "/ui/p/ops/rules";
    final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    TestServer server;
    UiClient admin;

    @BeforeEach
    void start() {
        server = TestServer.start(clock);
        server.createProject("ops");
        assertThat(server.post("/api/v1/projects/ops/channels", "{\"kind\": \"log\", \"name\": \"ops-log\"}").status()).isEqualTo(201);
        admin = UiClient.loggedIn(server, TestServer.ADMIN_KEY);
    }

    @AfterEach
    void stop() {
        server.closeAndDelete();
    }

    private JsonNode routes() {
        return server.get("/api/v1/projects/ops/routes").json().get("routes");
    }

    @Test
    void routes_are_saved_from_the_editor_and_a_bad_one_is_named_by_its_path() {
        admin.get(PAGE);

        HttpResponse<String> bad = admin.postForm(PAGE + "/routes", Map.of("_csrf", admin.csrf(),
                "routes", "[{\"name\": \"db\", \"channels\": [\"nope\"]}]"));
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("data-error=\"routes\" data-field=\"routes[0].channels[0]\" role=\"alert\"><code>routes[0].channels[0]</code>: no channel 'nope' in this project</p>")
                .contains("\"channels\": [\"nope\"]");
        assertThat(admin.postForm(PAGE + "/routes", Map.of("_csrf", admin.csrf(), "routes", "[{")).body())
                .contains("data-field=\"routes\"").contains("is not valid JSON");
        assertThat(routes()).isEmpty();

        HttpResponse<String> ok = admin.postForm(PAGE + "/routes", Map.of("_csrf", admin.csrf(),
                "routes", "[{\"name\": \"db\", \"match\": {\"tags\": [\"db\"]}, \"channels\": [\"ops-log\"]}]"));
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(routes().get(0).get("channels").get(0).asText()).isEqualTo("ops-log");
        assertThat(admin.get(PAGE + "?done=saved").body()).contains("Saved.").contains("\"ops-log\"")
                .contains("aria-current=\"page\">Rules");
        JsonNode entry = server.get("/api/v1/audit?action=routes.replace").json().get("entries").get(0);
        assertThat(entry.get("actor").get("kind").asText()).isEqualTo("session");
        assertThat(entry.get("after").get("routes").get(0).get("name").asText()).isEqualTo("db");
    }

    @Test
    void policies_are_created_changed_and_deleted_through_the_api_rules() {
        admin.get(PAGE);
        String steps = "{\"steps\": [{\"after\": \"0s\", \"channels\": [\"ops-log\"]}, {\"after\": \"30m\", \"owner\": true}]}";

        HttpResponse<String> bad = admin.postForm(PAGE + "/policies", Map.of("_csrf", admin.csrf(), "name", "dba",
                "policy", "{\"steps\": [{\"after\": \"5m\", \"channels\": [\"ops-log\"]}]}"));
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("data-error=\"new-policy\" data-field=\"steps[0].after\"").contains("value=\"dba\"");
        assertThat(admin.postForm(PAGE + "/policies", Map.of("_csrf", admin.csrf(), "name", "bad name", "policy", steps)).body())
                .contains("data-error=\"new-policy\" data-field=\"name\"");

        assertThat(admin.postForm(PAGE + "/policies", Map.of("_csrf", admin.csrf(), "name", "dba", "policy", steps)).statusCode()).isEqualTo(303);
        JsonNode policy = server.get("/api/v1/projects/ops/escalation-policies/dba").json();
        assertThat(policy.get("steps")).hasSize(2);
        String page = admin.get(PAGE).body();
        assertThat(page).contains("data-policy=\"dba\"").contains("2 steps, the last after 30 min");

        assertThat(admin.postForm(PAGE + "/policies", Map.of("_csrf", admin.csrf(), "name", "dba", "existing", "true",
                "policy", "{\"steps\": [{\"channels\": [\"ops-log\"]}], \"repeat\": {\"every\": \"1h\", \"times\": 2}}")).statusCode()).isEqualTo(303);
        assertThat(server.get("/api/v1/projects/ops/escalation-policies/dba").json().get("repeat").get("times").asInt()).isEqualTo(2);

        assertThat(server.put("/api/v1/projects/ops/routes", "{\"routes\": [{\"escalation\": \"dba\"}]}").status()).isEqualTo(200);
        HttpResponse<String> used = admin.postForm(PAGE + "/policies/dba/delete", Map.of("_csrf", admin.csrf()));
        assertThat(used.statusCode()).isEqualTo(409);
        assertThat(used.body()).contains("data-error=\"policy:dba\"").contains("change the routes first");
        assertThat(server.put("/api/v1/projects/ops/routes", "{\"routes\": []}").status()).isEqualTo(200);
        assertThat(admin.postForm(PAGE + "/policies/dba/delete", Map.of("_csrf", admin.csrf())).statusCode()).isEqualTo(303);
        assertThat(server.get("/api/v1/projects/ops/escalation-policies").json().get("escalationPolicies")).isEmpty();
        assertThat(server.get("/api/v1/audit?action=policy").json().get("entries")).extracting(e -> e.get("action").asText())
                .containsExactly("policy.delete", "policy.update", "policy.create");
    }

    @Test
    void viewers_read_the_rules_and_may_not_change_them() {
        assertThat(server.put("/api/v1/projects/ops/routes", "{\"routes\": [{\"name\": \"all\", \"channels\": [\"ops-log\"]}]}").status()).isEqualTo(200);
        UiClient viewer = UiClient.loggedIn(server, createKey(server, TestServer.ADMIN_KEY, "vic", "viewer", "ops").get("key").asText());

        String page = viewer.get(PAGE).body();

        assertThat(page).contains("\"name\" : \"all\"").doesNotContain("data-action=\"save-routes\"").doesNotContain("create-policy");
        assertThat(viewer.post(PAGE + "/routes", Map.of("routes", "[]")).statusCode()).isEqualTo(403);
        assertThat(viewer.post(PAGE + "/policies", Map.of("name", "x", "policy", "{}")).statusCode()).isEqualTo(403);
        assertThat(routes()).hasSize(1);
    }

    @Test
    void routes_are_added_from_the_form_moved_and_removed() throws Exception {
        assertThat(server.post("/api/v1/projects/ops/channels", "{\"kind\": \"log\", \"name\": \"dba-log\"}").status()).isEqualTo(201);
        assertThat(server.put("/api/v1/projects/ops/escalation-policies/dba", "{\"steps\": [{\"channels\": [\"dba-log\"]}]}").status()).isEqualTo(201);
        admin.get(PAGE);

        HttpResponse<String> none = admin.postForm(PAGE + "/routes/add", Map.of("_csrf", admin.csrf(), "name", "db", "tags", "db, backup"));
        assertThat(none.statusCode()).isEqualTo(422);
        assertThat(none.body()).contains("data-error=\"route.channels\" role=\"alert\">give channels, an escalation policy, or both</p>")
                .contains("value=\"db, backup\"");
        assertThat(routes()).isEmpty();

        String body = "_csrf=" + admin.csrf() + "&name=db&tags=db,+backup&owners=&severities=critical&severities=warning"
                + "&channels=dba-log&channels=ops-log&escalation=dba";
        assertThat(admin.http().send(java.net.http.HttpRequest.newBuilder(admin.uri(PAGE + "/routes/add"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(303);
        assertThat(admin.postForm(PAGE + "/routes/add", Map.of("_csrf", admin.csrf(), "name", "rest", "channels", "ops-log", "continue", "on")).statusCode())
                .isEqualTo(303);

        JsonNode added = routes();
        assertThat(added).hasSize(2);
        assertThat(added.get(0).get("match").get("tags").toString()).isEqualTo("[\"db\",\"backup\"]");
        assertThat(added.get(0).get("match").get("severities").toString()).isEqualTo("[\"critical\",\"warning\"]");
        assertThat(added.get(0).get("channels").toString()).isEqualTo("[\"dba-log\",\"ops-log\"]");
        assertThat(added.get(0).get("escalation").asText()).isEqualTo("dba");
        assertThat(added.get(1).get("continue").asBoolean()).isTrue();
        String page = admin.get(PAGE).body();
        assertThat(page).contains("data-route=\"0\"").contains("tags db, backup · critical and warning").contains("data-action=\"route-up\"");

        assertThat(admin.postForm(PAGE + "/routes/1/up", Map.of("_csrf", admin.csrf())).statusCode()).isEqualTo(303);
        assertThat(routes().get(0).get("name").asText()).isEqualTo("rest");
        assertThat(routes().get(1).get("escalation").asText()).as("the rest as it was").isEqualTo("dba");
        assertThat(admin.post(PAGE + "/routes/0/remove", Map.of()).headers().firstValue("HX-Redirect")).isPresent();
        assertThat(routes()).hasSize(1);
        assertThat(routes().get(0).get("name").asText()).isEqualTo("db");
        assertThat(admin.postForm(PAGE + "/routes/5/remove", Map.of("_csrf", admin.csrf())).statusCode()).isEqualTo(404);
        assertThat(server.get("/api/v1/audit?action=routes.replace").json().get("entries")).hasSize(4);
    }
}
