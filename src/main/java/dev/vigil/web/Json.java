package dev.vigil.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.vigil.domain.ValidationException;
import io.javalin.http.Context;

/** The API's JSON: ISO-8601 instants, nulls left out, strict reading with errors that name the problem. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private Json() {}

    public static void send(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise response; indicates a bug", e);
        }
    }

    /** The request body as a JSON object; a missing, malformed or non-object body is a 400. */
    public static JsonNode object(Context ctx) {
        String body = ctx.body();
        if (body.isBlank()) throw new ValidationException(null, "request body must be a JSON object");
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ValidationException(null, "malformed JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) throw new ValidationException(null, "request body must be a JSON object");
        return node;
    }
}
