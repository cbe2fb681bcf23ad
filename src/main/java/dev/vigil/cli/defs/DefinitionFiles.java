package dev.vigil.cli.defs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.cli.defs.DefinitionError.Problem;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads definition files — YAML ({@code .yaml}, {@code .yml}, several documents per file allowed) or
 * JSON — from files and directories (all such files below a directory, in name order) and merges them
 * into one document. A project may be spread over several files; each object (a job by slug, a channel,
 * escalation policy or maintenance window by name) is defined once, and a project's routes in one place.
 * Every problem is collected before anything is sent, each with its file, line and field path.
 */
public final class DefinitionFiles {
    /** A project's lists of named objects, and the field naming each. */
    static final Map<String, String> LISTS = Map.of("jobs", "slug", "channels", "name", "escalationPolicies", "name",
            "maintenanceWindows", "name");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonFactory JSON = new JsonFactory();

    private DefinitionFiles() {}

    /** Reads and merges the files and directories; throws {@link DefinitionError} with every problem found. */
    public static Definitions load(List<Path> paths) {
        List<Problem> problems = new ArrayList<>();
        Merger merger = new Merger(problems);
        for (Path path : paths) {
            for (Path file : files(path, problems)) {
                String text;
                try {
                    text = Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    problems.add(new Problem(file.toString(), null, "cannot read: " + e.getMessage()));
                    continue;
                }
                read(file.toString(), file.toAbsolutePath().getParent(), text, isJson(file), merger, problems);
            }
        }
        if (!problems.isEmpty()) throw new DefinitionError(problems);
        return merger.result();
    }

    private static boolean isJson(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json");
    }

    private static List<Path> files(Path path, List<Problem> problems) {
        if (Files.isRegularFile(path)) return List.of(path);
        if (!Files.isDirectory(path)) {
            problems.add(new Problem(path.toString(), null, "no such file or directory"));
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(path)) {
            List<Path> found = walk.filter(Files::isRegularFile).filter(f -> {
                String n = f.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                return !n.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"));
            }).sorted().toList();
            if (found.isEmpty()) problems.add(new Problem(path.toString(), null, "holds no .yaml, .yml or .json file"));
            return found;
        } catch (IOException e) {
            problems.add(new Problem(path.toString(), null, "cannot list: " + e.getMessage()));
            return List.of();
        }
    }

    private static void read(String name, Path baseDir, String text, boolean json, Merger merger, List<Problem> problems) {
        try (Reader in = new StringReader(text); JsonParser p = (json ? JSON : YAML).createParser(in)) {
            int documents = 0;
            while (p.nextToken() != null) {
                SourceMap positions = new SourceMap();
                JsonNode doc = node(p, "", positions, name, problems);
                documents++;
                merger.add(name, baseDir, doc, positions);
            }
            if (documents == 0) problems.add(new Problem(name, null, "is empty"));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? name : name + ":" + at.getLineNr() + ":" + at.getColumnNr();
            problems.add(new Problem(where, null, (json ? "not valid JSON: " : "not valid YAML: ") + e.getOriginalMessage().lines().findFirst().orElse("")));
        } catch (IOException e) {
            problems.add(new Problem(name, null, "cannot read: " + e.getMessage()));
        }
    }

    /** The value at the parser's current token, recording where each of its parts stands. */
    private static JsonNode node(JsonParser p, String path, SourceMap positions, String file, List<Problem> problems)
            throws IOException {
        JsonLocation at = p.currentTokenLocation();
        positions.put(path, at.getLineNr(), at.getColumnNr());
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    String child = path.isEmpty() ? field : path + "." + field;
                    JsonLocation keyAt = p.currentTokenLocation();
                    positions.put(child, keyAt.getLineNr(), keyAt.getColumnNr());
                    p.nextToken();
                    JsonNode value = node(p, child, positions, file, problems);
                    if (o.has(field)) {
                        problems.add(new Problem(file + ":" + keyAt.getLineNr() + ":" + keyAt.getColumnNr(), child,
                                "is given twice"));
                    }
                    o.set(field, value);
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) a.add(node(p, path + "[" + a.size() + "]", positions, file, problems));
                return a;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDecimalValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(t == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new IllegalStateException("unexpected " + t + " at " + path);
        }
    }

    /** Merges documents, each object once, remembering where each came from. */
    static final class Merger {
        private final List<Problem> problems;
        private final ObjectNode projects = NODES.objectNode();
        private final Map<String, Definitions.Origin> origins = new LinkedHashMap<>();
        private final Map<String, Path> baseDirs = new LinkedHashMap<>();
        /** Where each object was first defined, by merged identity (project, list, name). */
        private final Map<String, String> seen = new LinkedHashMap<>();

        Merger(List<Problem> problems) {
            this.problems = problems;
        }

        void add(String file, Path baseDir, JsonNode doc, SourceMap positions) {
            if (doc == null || doc.isNull()) return; // an empty YAML document, e.g. after a trailing ---
            if (!doc.isObject()) {
                problems.add(problem(file, positions, "", "must be a mapping with \"projects\""));
                return;
            }
            doc.fieldNames().forEachRemaining(f -> {
                if (!f.equals("projects") && !f.equals("$schema")) {
                    problems.add(problem(file, positions, f, "unknown field; expected projects"));
                }
            });
            JsonNode ps = doc.get("projects");
            if (ps == null || ps.isNull()) return;
            if (!ps.isObject()) {
                problems.add(problem(file, positions, "projects", "must be a mapping of projects by slug"));
                return;
            }
            ps.fields().forEachRemaining(e -> project(file, baseDir, e.getKey(), e.getValue(), positions));
        }

        private void project(String file, Path baseDir, String slug, JsonNode def, SourceMap positions) {
            String at = "projects." + slug;
            if (def == null || def.isNull()) def = NODES.objectNode(); // "prod:" alone: the project, nothing in it
            if (!def.isObject()) {
                problems.add(problem(file, positions, at, "must be a mapping of jobs, channels, routes, escalationPolicies, maintenanceWindows"));
                return;
            }
            ObjectNode merged = (ObjectNode) projects.get(slug);
            if (merged == null) {
                merged = projects.putObject(slug);
                origins.put(at, new Definitions.Origin(file, at, positions));
            }
            ObjectNode into = merged;
            def.fields().forEachRemaining(e -> {
                String field = e.getKey();
                String path = at + "." + field;
                JsonNode value = e.getValue();
                String idField = LISTS.get(field);
                if (idField != null && value != null && value.isArray()) {
                    ArrayNode list = into.has(field) && into.get(field).isArray() ? (ArrayNode) into.get(field) : into.putArray(field);
                    for (int i = 0; i < value.size(); i++) {
                        JsonNode item = value.get(i);
                        String own = path + "[" + i + "]";
                        String mergedPath = path + "[" + list.size() + "]";
                        JsonNode id = item.get(idField);
                        if (id != null && id.isTextual()) {
                            String key = slug + "\u0000" + field + "\u0000" + id.textValue();
                            String first = seen.putIfAbsent(key, locate(file, positions, own));
                            if (first != null) {
                                problems.add(problem(file, positions, own + "." + idField,
                                        singular(field) + " '" + id.textValue() + "' is defined twice; first at " + first));
                                continue;
                            }
                        }
                        list.add(item);
                        origins.put(mergedPath, new Definitions.Origin(file, own, positions));
                        baseDirs.put(mergedPath, baseDir);
                    }
                } else if (into.has(field)) {
                    if (into.get(field).equals(value)) return; // the same value in two files says nothing new
                    String first = seen.get(slug + "\u0000" + field);
                    problems.add(problem(file, positions, path, "is given in more than one place; first at " + first));
                } else {
                    into.set(field, value);
                    seen.put(slug + "\u0000" + field, locate(file, positions, path));
                    origins.put(path, new Definitions.Origin(file, path, positions));
                }
            });
        }

        private static String singular(String list) {
            return switch (list) {
                case "jobs" -> "job";
                case "channels" -> "channel";
                case "escalationPolicies" -> "escalation policy";
                default -> "maintenance window";
            };
        }

        private static String locate(String file, SourceMap positions, String path) {
            SourceMap.Position p = positions.nearest(path);
            return p == null ? file : file + ":" + p.line() + ":" + p.column();
        }

        private static Problem problem(String file, SourceMap positions, String path, String message) {
            return new Problem(locate(file, positions, path), path, message);
        }

        Definitions result() {
            ObjectNode doc = NODES.objectNode();
            doc.set("projects", projects);
            return new Definitions(doc, origins, baseDirs);
        }
    }
}
