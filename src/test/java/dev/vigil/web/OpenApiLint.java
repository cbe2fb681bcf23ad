package dev.vigil.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.OpenApi31;
import com.networknt.schema.keyword.DisallowUnknownKeywordFactory;
import com.networknt.schema.keyword.KeywordFactory;
import com.networknt.schema.keyword.UnknownKeywordFactory;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lints an OpenAPI 3.1 document with real validators, each check answering what it found (nothing
 * when the document is clean): swagger-parser reads it in its 3.1 mode; a JSON Schema validator
 * with the OpenAPI 3.1 dialect compiles every schema, refusing keywords that dialect does not know
 * (such as OpenAPI 3.0's {@code nullable}), checks each against the JSON Schema 2020-12
 * meta-schema, and validates every example against its own schema.
 */
final class OpenApiLint {
    /** Where the document is placed for the validator, so that its {@code #/components/...} references resolve. */
    private static final String BASE = "urn:vigil:openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SCHEMA_MAPS = Set.of("properties", "patternProperties", "$defs", "dependentSchemas");
    private static final Set<String> SCHEMA_LISTS = Set.of("allOf", "anyOf", "oneOf", "prefixItems");
    private static final Set<String> SCHEMA_ONE = Set.of("items", "additionalProperties", "not", "if", "then", "else",
            "contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema");
    private static final Set<String> DOCUMENT_FIELDS = Set.of("openapi", "info", "jsonSchemaDialect", "servers", "paths",
            "webhooks", "components", "security", "tags");
    private static final Pattern DOC_LINK = Pattern.compile("([A-Za-z0-9_./-]+\\.md)(#[A-Za-z0-9_-]+)?");

    private final JsonNode doc;
    private final String json;

    OpenApiLint(String json) {
        this.json = json;
        try {
            this.doc = JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A schema, or a value that should conform to one, at a JSON pointer of the document. */
    record Located(String pointer, JsonNode node) {}

    /** What swagger-parser reports, errors and warnings alike. */
    List<String> parserMessages() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        var result = new OpenAPIV3Parser().readContents(json, null, options);
        List<String> found = new ArrayList<>(result.getMessages() == null ? List.of() : result.getMessages());
        if (result.getOpenAPI() == null) found.add("not parsed");
        if (!result.isOpenapi31()) found.add("not read as OpenAPI 3.1");
        return found;
    }

    /**
     * Every schema compiled by the OpenAPI 3.1 dialect with unknown keywords refused ({@code x-}
     * extensions excepted), and checked against the JSON Schema 2020-12 meta-schema.
     */
    List<String> schemaFindings() {
        // The validator compiles the document's root as a schema too: its fields pass, as x- extensions do.
        KeywordFactory unknown = (keyword, context) -> keyword.startsWith("x-") || DOCUMENT_FIELDS.contains(keyword)
                ? UnknownKeywordFactory.getInstance().getKeyword(keyword, context)
                : DisallowUnknownKeywordFactory.getInstance().getKeyword(keyword, context);
        SchemaRegistry strict = registry(Dialect.builder(OpenApi31.getInstance()).unknownKeywordFactory(unknown).build());
        Schema metaSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        List<String> found = new ArrayList<>();
        for (Located s : allSchemas()) {
            try {
                strict.getSchema(SchemaLocation.of(BASE + "#" + s.pointer())).initializeValidators();
            } catch (RuntimeException e) {
                found.add(s.pointer() + ": " + e.getMessage());
            }
        }
        for (Located s : schemaRoots()) {
            metaSchema.validate(s.node()).forEach(e -> found.add(s.pointer() + ": " + e));
        }
        return found;
    }

    /**
     * Every example validated against its own schema: {@code example} and {@code examples} of
     * media types, parameters and headers ({@code $ref}s to components followed), and
     * {@code examples} (and 3.0's {@code example}) inside schemas. Formats are asserted.
     */
    List<String> exampleFindings() {
        SchemaRegistry registry = registry(OpenApi31.getInstance());
        List<String> found = new ArrayList<>();
        List<Located[]> pairs = new ArrayList<>();
        for (Located holder : schemaHolders(doc, "", new ArrayList<>())) {
            Located schema = new Located(holder.pointer() + "/schema", holder.node().get("schema"));
            if (holder.node().has("example")) pairs.add(pair(schema, holder.pointer() + "/example", holder.node().get("example")));
            holder.node().path("examples").properties().forEach(e -> {
                JsonNode example = resolve(e.getValue());
                if (example.has("value")) {
                    pairs.add(pair(schema, holder.pointer() + "/examples/" + escape(e.getKey()), example.get("value")));
                }
            });
        }
        for (Located s : allSchemas()) {
            if (s.node().has("example")) pairs.add(pair(s, s.pointer() + "/example", s.node().get("example")));
            JsonNode examples = s.node().path("examples");
            for (int i = 0; i < examples.size(); i++) pairs.add(pair(s, s.pointer() + "/examples/" + i, examples.get(i)));
        }
        for (Located[] p : pairs) {
            List<Error> errors = registry.getSchema(SchemaLocation.of(BASE + "#" + p[0].pointer())).validate(p[1].node());
            errors.forEach(e -> found.add(p[1].pointer() + ": " + e));
        }
        return found;
    }

    /** Every {@code something.md} the text names is a file under {@code docs}, and its {@code #anchor} a heading there. */
    List<String> docLinkFindings(Path docs) {
        List<String> found = new ArrayList<>();
        texts(doc, "", (pointer, text) -> {
            Matcher m = DOC_LINK.matcher(text);
            while (m.find()) {
                String name = m.group(1).startsWith("docs/") ? m.group(1).substring(5) : m.group(1);
                Path file = docs.resolve(name);
                if (!Files.isRegularFile(file)) {
                    found.add(pointer + ": " + m.group() + " does not exist");
                } else if (m.group(2) != null && !anchors(file).contains(m.group(2).substring(1))) {
                    found.add(pointer + ": " + m.group() + " names no heading of " + name);
                }
            }
        });
        return found;
    }

    /** Media types a generator can use: none is a wildcard such as {@code *}{@code /*}. */
    List<String> mediaTypeFindings() {
        List<String> found = new ArrayList<>();
        for (Located holder : schemaHolders(doc, "", new ArrayList<>())) {
            String key = holder.pointer().substring(holder.pointer().lastIndexOf('/') + 1);
            if (holder.pointer().contains("/content/") && key.contains("*")) {
                found.add(holder.pointer() + ": a wildcard media type, which generators skip");
            }
        }
        return found;
    }

    private SchemaRegistry registry(Dialect dialect) {
        return SchemaRegistry.withDefaultDialect(dialect, b -> b.schemas(Map.of(BASE, json))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    private static Located[] pair(Located schema, String pointer, JsonNode value) {
        return new Located[] {schema, new Located(pointer, value)};
    }

    /** The schemas of {@code components/schemas} and those of parameters, headers and media types. */
    List<Located> schemaRoots() {
        List<Located> roots = new ArrayList<>();
        doc.path("components").path("schemas").properties()
                .forEach(e -> roots.add(new Located("/components/schemas/" + escape(e.getKey()), e.getValue())));
        schemaHolders(doc, "", new ArrayList<>())
                .forEach(h -> roots.add(new Located(h.pointer() + "/schema", h.node().get("schema"))));
        return roots;
    }

    /** Every schema and subschema, each with its pointer. */
    List<Located> allSchemas() {
        List<Located> all = new ArrayList<>();
        schemaRoots().forEach(r -> subschemas(r, all));
        return all;
    }

    private static void subschemas(Located s, List<Located> out) {
        if (!s.node().isObject()) return;
        out.add(s);
        s.node().properties().forEach(e -> {
            String p = s.pointer() + "/" + escape(e.getKey());
            if (SCHEMA_ONE.contains(e.getKey())) {
                subschemas(new Located(p, e.getValue()), out);
            } else if (SCHEMA_MAPS.contains(e.getKey())) {
                e.getValue().properties().forEach(c -> subschemas(new Located(p + "/" + escape(c.getKey()), c.getValue()), out));
            } else if (SCHEMA_LISTS.contains(e.getKey())) {
                for (int i = 0; i < e.getValue().size(); i++) subschemas(new Located(p + "/" + i, e.getValue().get(i)), out);
            }
        });
    }

    /** Parameters, headers and media types: the objects outside schemas that hold a {@code schema}. */
    private static List<Located> schemaHolders(JsonNode node, String pointer, List<Located> out) {
        if (node.isObject()) {
            if (node.path("schema").isObject()) out.add(new Located(pointer, node));
            node.properties().forEach(e -> {
                String key = e.getKey();
                boolean skip = key.equals("schema") || key.equals("example") || key.equals("examples")
                        || pointer.equals("/components") && key.equals("schemas");
                if (!skip) schemaHolders(e.getValue(), pointer + "/" + escape(key), out);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) schemaHolders(node.get(i), pointer + "/" + i, out);
        }
        return out;
    }

    private interface TextVisitor {
        void visit(String pointer, String text);
    }

    private static void texts(JsonNode node, String pointer, TextVisitor visitor) {
        if (node.isTextual()) {
            visitor.visit(pointer, node.asText());
        } else if (node.isObject()) {
            node.properties().forEach(e -> texts(e.getValue(), pointer + "/" + escape(e.getKey()), visitor));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) texts(node.get(i), pointer + "/" + i, visitor);
        }
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref == null || !ref.asText().startsWith("#/") ? node : resolve(doc.at(ref.asText().substring(1)));
    }

    /** Headings of a Markdown file as the anchors GitHub makes of them. */
    private static Set<String> anchors(Path file) {
        try {
            Set<String> anchors = new java.util.HashSet<>();
            boolean fenced = false;
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("```")) fenced = !fenced;
                if (fenced || !line.startsWith("#")) continue;
                String title = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
                anchors.add(title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
            return anchors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
