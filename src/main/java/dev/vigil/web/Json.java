package dev.vigil.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.vigil.domain.ValidationException;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

/**
 * The API's JSON: ISO-8601 instants, nulls left out, strict reading with errors that name the problem.
 * A body is UTF-8 (RFC 8259) and each key appears once: a body that is not, is refused rather than
 * repaired or read as whichever duplicate came last.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private Json() {}

    public static void send(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(write(body));
    }

    static byte[] write(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise response; indicates a bug", e);
        }
    }

    /**
     * An optional request body: none, a blank one or JSON {@code null} (what a generated client sends
     * for a body it was not given) is null; anything else is read as by {@link #object}.
     */
    public static JsonNode optionalObject(Context ctx) {
        String body = ctx.body().strip();
        return body.isEmpty() || body.equals("null") ? null : object(ctx);
    }

    /** The request body as a JSON object; a missing, malformed, not UTF-8 or non-object body is a 400. */
    public static JsonNode object(Context ctx) {
        String body = utf8(ctx.bodyAsBytes());
        if (body.isBlank()) throw new ValidationException(null, "request body must be a JSON object");
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            if (e.getOriginalMessage().startsWith("Duplicate field") && e.getProcessor() instanceof JsonParser p) {
                throw new ValidationException(path(p.getParsingContext()), "appears more than once");
            }
            throw new ValidationException(null, "malformed JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) throw new ValidationException(null, "request body must be a JSON object");
        return node;
    }

    /** Strict: a byte sequence that is not UTF-8 is an error, not a replacement character. */
    private static String utf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder(); // reports malformed input by default
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never decodes to more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) result = decoder.flush(out);
        if (result.isError()) {
            throw new ValidationException(null, "request body is not valid UTF-8 (byte " + in.position() + ")");
        }
        return out.flip().toString();
    }

    /** The dotted name of the key being read, as errors name fields: {@code schedule.every}, {@code steps[1].after}. */
    private static String path(JsonStreamContext context) {
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            parts.push(c.inArray() ? "[" + c.getCurrentIndex() + "]" : String.valueOf(c.getCurrentName()));
        }
        StringBuilder out = new StringBuilder();
        for (String part : parts) out.append(out.isEmpty() || part.startsWith("[") ? "" : ".").append(part);
        return out.toString();
    }
}
