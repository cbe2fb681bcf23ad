package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.app.Config;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bounded fuzz of the whole API from its OpenAPI document: for every operation, requests whose
 * path parameters, query parameters and JSON bodies are made from the document's schemas and then
 * spoiled (wrong types, out-of-range numbers, huge, empty, control and odd Unicode strings, missing
 * and unknown fields, deep nesting), sent with the admin key to a real server. No answer may be a
 * 5xx; every error of the API is the JSON error shape. Seeded: a failure prints its seed and request.
 */
class ApiFuzzTest {
    static final int PER_OPERATION = 40;
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static TestServer server;
    static JsonNode doc;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(MutableClock.at("2026-06-01T10:00:00Z"),
                Config.forTests(Files.createTempDirectory("vigil-fuzz")).withAdminKey(TestServer.ADMIN_KEY));
        server.createProject("alpha");
        assertThat(server.put("/api/v1/jobs/alpha/nightly", "{\"schedule\": {\"every\": \"1h\"}}").status()).isEqualTo(201);
        try (InputStream in = ApiFuzzTest.class.getResourceAsStream("/openapi.json")) {
            doc = JSON.readTree(in);
        }
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    @Test
    void no_request_made_from_the_document_gets_a_5xx_and_every_api_error_has_the_error_shape() {
        long seed = Long.getLong("vigil.fuzz.seed", 20261207L);
        Random random = new Random(seed);
        List<String> wrong = new ArrayList<>();
        int sent = 0;
        String previous = null;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            var path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                var m = methods.next();
                if (!m.getValue().has("operationId")) continue;
                String method = m.getKey().toUpperCase(Locale.ROOT);
                if (path.getKey().startsWith("/api/v1/agent/")) continue; // needs an agent's registration; AgentTrustTest
                for (int i = 0; i < PER_OPERATION; i++) {
                    List<JsonNode> params = new ArrayList<>();
                    path.getValue().path("parameters").forEach(params::add);
                    m.getValue().path("parameters").forEach(params::add);
                    String url = url(path.getKey(), params, random);
                    String body = m.getValue().has("requestBody") ? body(resolve(m.getValue().get("requestBody")), random) : null;
                    TestServer.Response r;
                    try {
                        r = send(method, url, body);
                    } catch (RuntimeException e) {
                        wrong.add(String.format("seed %d: %s %s %s -> no answer: %s (after %s)", seed, method, url,
                                body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body, e, previous));
                        continue;
                    }
                    sent++;
                    previous = method + " " + (url.length() > 100 ? url.substring(0, 100) : url) + " " + (body == null ? "" : body.length() > 100 ? body.substring(0, 100) : body) + " -> " + r.status() + " " + r.header("Connection");
                    String problem = problem(url, r);
                    if (problem != null) {
                        wrong.add(String.format("seed %d: %s %s %s -> %d %s: %s", seed, method, url,
                                body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body, r.status(), problem,
                                r.body().length() > 200 ? r.body().substring(0, 200) : r.body()));
                    }
                }
            }
        }
        System.out.println("fuzz: " + sent + " requests, seed " + seed);
        assertThat(wrong).as("answers that are 5xx or not the error shape").isEmpty();
    }

    private static String problem(String url, TestServer.Response r) {
        if (r.status() >= 500) return "a server error";
        if (r.status() < 400 || !url.startsWith("/api/")) return null;
        try {
            JsonNode e = JSON.readTree(r.body());
            if (!e.path("error").isTextual() || !e.path("message").isTextual()) return "not the error shape";
        } catch (Exception ex) {
            return "not JSON";
        }
        return null;
    }

    private static TestServer.Response send(String method, String url, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(url)))
                .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        return server.send(b);
    }

    // ---------------------------------------------------------------- requests from the document

    private static String url(String template, List<JsonNode> params, Random random) {
        String url = template;
        StringBuilder query = new StringBuilder();
        for (JsonNode p : params) {
            p = resolve(p);
            JsonNode schema = resolve(p.path("schema"));
            String in = p.path("in").asText();
            if (in.equals("path")) {
                String v = random.nextInt(4) == 0 ? known(p.get("name").asText()) : text(schema, random);
                url = url.replace("{" + p.get("name").asText() + "}", encode(v.isEmpty() ? "x" : v));
            } else if (in.equals("query") && random.nextBoolean()) {
                query.append(query.isEmpty() ? "?" : "&").append(p.get("name").asText()).append('=').append(encode(text(schema, random)));
            }
        }
        return url + query;
    }

    /** A value that names something that exists, so that requests also get past the lookup. */
    private static String known(String name) {
        return switch (name) {
            case "project" -> "alpha";
            case "slug", "suffixOrSlug" -> "nightly";
            default -> "1";
        };
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String body(JsonNode requestBody, Random random) {
        JsonNode schema = resolve(requestBody.path("content").path("application/json").path("schema"));
        if (random.nextInt(12) == 0) {
            return switch (random.nextInt(4)) {
                case 0 -> "{\"a\": 1, \"a\": 2}";
                case 1 -> "{" + "\"x\": [".repeat(200);
                case 2 -> "[]";
                default -> "\u0000";
            };
        }
        return value(schema, random, 0).toString();
    }

    private static JsonNode value(JsonNode schema, Random random, int depth) {
        schema = resolve(schema);
        if (random.nextInt(10) == 0 || depth > 6) return odd(random);
        for (String any : List.of("oneOf", "anyOf")) {
            if (schema.has(any)) return value(schema.get(any).get(random.nextInt(schema.get(any).size())), random, depth);
        }
        if (schema.has("allOf")) {
            ObjectNode merged = F.objectNode();
            for (JsonNode part : schema.get("allOf")) {
                JsonNode v = value(part, random, depth);
                if (v.isObject()) merged.setAll((ObjectNode) v);
            }
            return merged;
        }
        if (schema.has("enum")) {
            JsonNode e = schema.get("enum");
            return random.nextInt(5) == 0 ? F.textNode("not-" + e.get(0).asText()) : e.get(random.nextInt(e.size()));
        }
        String type = schema.path("type").isArray() ? schema.get("type").get(0).asText() : schema.path("type").asText();
        if (type.isEmpty() && schema.has("properties")) type = "object";
        switch (type) {
            case "object" -> {
                ObjectNode o = F.objectNode();
                for (Iterator<Map.Entry<String, JsonNode>> props = schema.path("properties").fields(); props.hasNext(); ) {
                    var prop = props.next();
                    boolean required = false;
                    for (JsonNode r : schema.path("required")) required |= r.asText().equals(prop.getKey());
                    if (required ? random.nextInt(8) != 0 : random.nextInt(3) == 0) o.set(prop.getKey(), value(prop.getValue(), random, depth + 1));
                }
                if (random.nextInt(8) == 0) o.put("unknownField" + random.nextInt(9), 1);
                return o;
            }
            case "array" -> {
                ArrayNode a = F.arrayNode();
                int n = random.nextInt(10) == 0 ? 300 : random.nextInt(4);
                for (int i = 0; i < n; i++) a.add(value(schema.path("items"), random, depth + 1));
                return a;
            }
            case "integer", "number" -> {
                return switch (random.nextInt(5)) {
                    case 0 -> F.numberNode(Long.MAX_VALUE);
                    case 1 -> F.numberNode(-1);
                    case 2 -> F.numberNode(1e308);
                    default -> F.numberNode(random.nextInt(100));
                };
            }
            case "boolean" -> {
                return F.booleanNode(random.nextBoolean());
            }
            default -> {
                return F.textNode(text(schema, random));
            }
        }
    }

    /** A string for a schema: often a plausible one, often a spoiled one. */
    private static String text(JsonNode schema, Random random) {
        schema = resolve(schema);
        if (schema.has("enum") && random.nextBoolean()) return schema.get("enum").get(random.nextInt(schema.get("enum").size())).asText();
        return switch (random.nextInt(14)) {
            case 0 -> "";
            case 1 -> "x".repeat(5_000);
            case 2 -> "\u0000\u001b[31m";
            case 3 -> "9223372036854775807";
            case 4 -> "-1";
            case 5 -> "9223372036854775s";
            case 6 -> "106751991167d";
            case 7 -> "99999-01-01T00:00:00Z";
            case 8 -> "0 0 30 2 *";
            case 9 -> "\uD83D\uDE00 \u202E ünïcødé";
            case 10 -> "../../etc/passwd";
            case 11 -> "1ms";
            case 12 -> "' OR 1=1 --";
            default -> "a" + random.nextInt(1000);
        };
    }

    private static JsonNode odd(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> F.nullNode();
            case 1 -> F.textNode("\u0000");
            case 2 -> F.numberNode(Long.MIN_VALUE);
            case 3 -> F.arrayNode().add(F.objectNode());
            case 4 -> F.objectNode().put("nested", "x");
            default -> F.booleanNode(true);
        };
    }

    private static JsonNode resolve(JsonNode node) {
        while (node != null && node.has("$ref")) {
            JsonNode target = doc;
            for (String part : node.get("$ref").asText().substring(2).split("/")) target = target.path(part);
            node = target;
        }
        return node == null ? F.objectNode() : node;
    }
}
