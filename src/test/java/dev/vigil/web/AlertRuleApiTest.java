package dev.vigil.web;

import static dev.vigil.web.KeyApiTest.call;
import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import dev.vigil.testing.TestServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Routes and escalation policies through a real server: replace, list, validation naming the field, roles. */
class AlertRuleApiTest {
    static TestServer server;
    static String viewer;
    static String operator;
    static String otherAdmin;

    @BeforeAll
    static void start() {
        server = TestServer.start(MutableClock.at("2025-06-01T10:00:00Z"));
        server.createProject("prod");
        server.createProject("other");
        for (String name : new String[] {"chat", "pager", "mail"}) {
            Response r = server.post("/api/v1/projects/prod/channels", "{\"kind\": \"log\", \"name\": \"" + name + "\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        viewer = createKey(server, TestServer.ADMIN_KEY, "prod-viewer", "viewer", "prod").get("key").asText();
        operator = createKey(server, TestServer.ADMIN_KEY, "prod-operator", "operator", "prod").get("key").asText();
        otherAdmin = createKey(server, TestServer.ADMIN_KEY, "other-admin", "admin", "other").get("key").asText();
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    private static void assertInvalid(Response r, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().path("field").asText()).as(r.body()).isEqualTo(field);
    }

    private static Response putRoutes(String routes) {
        return server.put("/api/v1/projects/prod/routes", "{\"routes\": " + routes + "}");
    }

    private static Response putPolicy(String name, String body) {
        return server.put("/api/v1/projects/prod/escalation-policies/" + name, body);
    }

    private static final String TWO_STEPS = """
            {"steps": [{"after": "PT0S", "channels": ["chat"]},
                       {"after": "PT15M", "channels": ["pager"], "owner": true}],
             "repeat": {"every": "PT30M", "times": 3}}""";

    @Test
    void routes_are_replaced_whole_and_listed_in_order() {
        assertThat(putPolicy("rt-on-call", TWO_STEPS).status()).isIn(200, 201);
        Response put = putRoutes("""
                [{"name": "prod db", "match": {"tags": ["db"], "owners": ["dba"], "severities": ["critical", "warning"]},
                  "channels": ["pager"], "escalation": "rt-on-call", "continue": true},
                 {"channels": ["chat"]}]""");
        assertThat(put.status()).as(put.body()).isEqualTo(200);

        JsonNode routes = server.get("/api/v1/projects/prod/routes").json().get("routes");
        assertThat(routes).hasSize(2);
        assertThat(routes.get(0).toString()).isEqualTo("{\"name\":\"prod db\",\"match\":{\"tags\":[\"db\"],\"owners\":[\"dba\"],"
                + "\"severities\":[\"critical\",\"warning\"]},\"channels\":[\"pager\"],\"escalation\":\"rt-on-call\",\"continue\":true}");
        assertThat(routes.get(1).toString()).isEqualTo("{\"match\":{\"tags\":[],\"owners\":[],\"severities\":[]},"
                + "\"channels\":[\"chat\"],\"continue\":false}");
        assertThat(put.json().get("routes")).isEqualTo(routes);

        // What GET returns can be sent back; an empty list removes every route.
        assertThat(putRoutes(routes.toString()).status()).isEqualTo(200);
        assertThat(putRoutes("[]").status()).isEqualTo(200);
        assertThat(server.get("/api/v1/projects/prod/routes").json().get("routes")).isEmpty();
    }

    @Test
    void each_route_error_names_the_field() {
        assertInvalid(putRoutes("[{\"channels\": [\"chat\"]}, {\"channels\": [\"nope\"]}]"), "routes[1].channels[0]");
        assertInvalid(putRoutes("[{\"escalation\": \"nope\"}]"), "routes[0].escalation");
        assertInvalid(putRoutes("[{\"name\": \"empty\"}]"), "routes[0].channels");
        assertInvalid(putRoutes("[{\"channels\": [\"chat\"], \"match\": {\"severities\": [\"info\"]}}]"),
                "routes[0].match.severities[0]");
        assertInvalid(putRoutes("[{\"channels\": [\"chat\"], \"mach\": {}}]"), "routes[0].mach");
        assertInvalid(putRoutes("[{\"channels\": [\"chat\"], \"match\": {\"tag\": [\"x\"]}}]"), "routes[0].match.tag");
        assertInvalid(putRoutes("[{\"channels\": [\"chat\"], \"continue\": \"yes\"}]"), "routes[0].continue");
        assertInvalid(putRoutes("[\"chat\"]"), "routes[0]");
        assertInvalid(putRoutes("{}"), "routes");
        assertInvalid(server.put("/api/v1/projects/prod/routes", "{}"), "routes");
        assertInvalid(putRoutes("[" + "{\"channels\": [\"chat\"]},".repeat(100) + "{\"channels\": [\"chat\"]}]"), "routes");
    }

    @Test
    void a_policy_is_created_replaced_read_and_deleted() {
        Response created = putPolicy("crud", TWO_STEPS);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().toString()).isEqualTo("{\"name\":\"crud\",\"steps\":["
                + "{\"after\":\"0s\",\"channels\":[\"chat\"],\"owner\":false},"
                + "{\"after\":\"15m\",\"channels\":[\"pager\"],\"owner\":true}],"
                + "\"repeat\":{\"every\":\"30m\",\"times\":3},\"createdAt\":\"2025-06-01T10:00:00Z\"}");

        Response replaced = putPolicy("crud", "{\"name\": \"crud\", \"steps\": [{\"channels\": [\"mail\"]}]}");
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.json().has("repeat")).isFalse();
        assertThat(server.get("/api/v1/projects/prod/escalation-policies/crud").json()).isEqualTo(replaced.json());
        assertThat(server.get("/api/v1/projects/prod/escalation-policies").json().get("escalationPolicies"))
                .anySatisfy(p -> assertThat(p.get("name").asText()).isEqualTo("crud"));

        assertThat(server.delete("/api/v1/projects/prod/escalation-policies/crud").status()).isEqualTo(204);
        assertThat(server.get("/api/v1/projects/prod/escalation-policies/crud").status()).isEqualTo(404);
        assertThat(server.delete("/api/v1/projects/prod/escalation-policies/crud").status()).isEqualTo(404);
    }

    @Test
    void a_policy_used_by_a_route_cannot_be_deleted() {
        assertThat(putPolicy("in-use", TWO_STEPS).status()).isIn(200, 201);
        assertThat(server.put("/api/v1/projects/prod/routes",
                "{\"routes\": [{\"channels\": [\"chat\"]}, {\"name\": \"night\", \"escalation\": \"in-use\"}]}").status()).isEqualTo(200);

        Response r = server.delete("/api/v1/projects/prod/escalation-policies/in-use");

        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(r.json().get("message").asText()).contains("'night'").contains("routes[1]");
        assertThat(putRoutes("[]").status()).isEqualTo(200);
        assertThat(server.delete("/api/v1/projects/prod/escalation-policies/in-use").status()).isEqualTo(204);
    }

    @Test
    void a_channel_used_by_a_route_or_a_policy_cannot_be_deleted() {
        long id = server.post("/api/v1/projects/prod/channels", "{\"kind\": \"log\", \"name\": \"used\"}").json().get("id").asLong();
        assertThat(putRoutes("[{\"channels\": [\"chat\"]}, {\"name\": \"x\", \"channels\": [\"used\"]}]").status()).isEqualTo(200);

        Response byRoute = server.delete("/api/v1/projects/prod/channels/" + id);
        assertThat(byRoute.status()).as(byRoute.body()).isEqualTo(409);
        assertThat(byRoute.json().get("message").asText()).contains("'x' (routes[1])");

        assertThat(putRoutes("[]").status()).isEqualTo(200);
        assertThat(putPolicy("uses-channel", "{\"steps\": [{\"channels\": [\"used\"]}]}").status()).isEqualTo(201);
        Response byPolicy = server.delete("/api/v1/projects/prod/channels/" + id);
        assertThat(byPolicy.status()).as(byPolicy.body()).isEqualTo(409);
        assertThat(byPolicy.json().get("message").asText()).contains("'uses-channel'");

        assertThat(server.delete("/api/v1/projects/prod/escalation-policies/uses-channel").status()).isEqualTo(204);
        assertThat(server.delete("/api/v1/projects/prod/channels/" + id).status()).isEqualTo(204);
    }

    @Test
    void each_policy_error_names_the_field() {
        assertInvalid(putPolicy("p", "{\"steps\": []}"), "steps");
        assertInvalid(putPolicy("p", "{}"), "steps");
        assertInvalid(putPolicy("p", "{\"steps\": [{\"after\": \"5m\", \"channels\": [\"chat\"]}]}"), "steps[0].after");
        assertInvalid(putPolicy("p", "{\"steps\": [{\"channels\": [\"chat\"]}, {\"after\": \"10m\", \"channels\": [\"chat\"]},"
                + " {\"after\": \"5m\", \"channels\": [\"chat\"]}]}"), "steps[2].after");
        assertInvalid(putPolicy("p", "{\"steps\": [{\"channels\": [\"chat\"]}, {\"after\": \"1m\"}]}"), "steps[1].channels");
        assertInvalid(putPolicy("p", "{\"steps\": [{\"channels\": [\"chat\", \"nope\"]}]}"), "steps[0].channels[1]");
        assertInvalid(putPolicy("p", "{\"steps\": [{\"channels\": [\"chat\"], \"after\": \"soon\"}]}"), "steps[0].after");
        assertInvalid(putPolicy("p", "{\"steps\": [{\"owner\": true}], \"repeat\": {\"every\": \"PT30S\"}}"), "repeat.every");
        assertInvalid(putPolicy("p", "{\"steps\": [{\"owner\": true}], \"repeat\": {\"times\": 2}}"), "repeat.every");
        assertInvalid(putPolicy("p", "{\"steps\": [{\"owner\": true}], \"repeat\": {\"every\": \"1h\", \"times\": 0}}"), "repeat.times");
        assertInvalid(putPolicy("p", "{\"name\": \"q\", \"steps\": [{\"owner\": true}]}"), "name");
        assertInvalid(putPolicy("p", "{\"stepz\": []}"), "stepz");
        assertInvalid(putPolicy("-bad", "{\"steps\": [{\"owner\": true}]}"), "name");
        String eleven = "{\"steps\": [" + "{\"owner\": true},".repeat(10) + "{\"owner\": true}]}";
        assertInvalid(putPolicy("p", eleven), "steps");
        assertThat(server.get("/api/v1/projects/prod/escalation-policies/p").status()).isEqualTo(404);
    }

    @Test
    void viewers_read_admins_change_and_other_projects_keys_are_refused() {
        assertThat(call(server, viewer, "GET", "/api/v1/projects/prod/routes", null).status()).isEqualTo(200);
        assertThat(call(server, viewer, "GET", "/api/v1/projects/prod/escalation-policies", null).status()).isEqualTo(200);
        assertThat(call(server, viewer, "PUT", "/api/v1/projects/prod/routes", "{\"routes\": []}").status()).isEqualTo(403);
        assertThat(call(server, operator, "PUT", "/api/v1/projects/prod/routes", "{\"routes\": []}").status()).isEqualTo(403);
        assertThat(call(server, operator, "PUT", "/api/v1/projects/prod/escalation-policies/x", TWO_STEPS).status()).isEqualTo(403);
        assertThat(call(server, operator, "DELETE", "/api/v1/projects/prod/escalation-policies/x", null).status()).isEqualTo(403);
        assertThat(call(server, otherAdmin, "GET", "/api/v1/projects/prod/routes", null).status()).isEqualTo(403);
        assertThat(call(server, otherAdmin, "PUT", "/api/v1/projects/other/routes", "{\"routes\": []}").status()).isEqualTo(200);
        assertThat(server.get("/api/v1/projects/nope/routes").status()).isEqualTo(404);
        assertThat(server.get("/api/v1/projects/nope/escalation-policies").status()).isEqualTo(404);
    }
}
