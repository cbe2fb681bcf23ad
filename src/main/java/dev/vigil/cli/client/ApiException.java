package dev.vigil.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API answered with an error, or did not answer at all ({@link #status()} 0). Carries what the
 * API said ({@code {"error", "message", "field"}}, and the raw body for answers with more, such as an
 * {@code errors} list); {@link #getMessage()} is a sentence for people saying what went wrong and, where
 * it can, what to do.
 */
public final class ApiException extends ClientException {
    private static final Pattern NEEDS = Pattern.compile("\\(needs (\\w+)\\)");
    private final int status;
    private final String error;
    private final String apiMessage;
    private final String field;
    private final String body;

    private ApiException(int status, String error, String apiMessage, String field, String body, String human, Throwable cause) {
        super(ExitCodes.ofStatus(status), human, cause);
        this.status = status;
        this.error = error;
        this.apiMessage = apiMessage;
        this.field = field;
        this.body = body;
    }

    /** The server could not be reached: connection refused, unknown host, no answer in time. */
    static ApiException unreachable(String server, String why, Throwable cause) {
        return new ApiException(0, "unreachable", why, null, null, "cannot reach " + server + ": " + why, cause);
    }

    /**
     * An answer with an error status; {@code json} is its body parsed, or null if it is not JSON;
     * {@code keyFrom} says where the key came from ({@code VIGIL_KEY} …), or null.
     */
    static ApiException of(String method, String url, int status, String body, JsonNode json, String keyFrom) {
        String error = text(json, "error");
        String message = text(json, "message");
        String field = text(json, "field");
        String said = message != null ? message : body == null || body.isBlank() ? "HTTP " + status : shortened(body.strip());
        String human = switch (status) {
            case 401 -> "the server does not accept the API key" + (keyFrom == null ? "" : " from " + keyFrom)
                    + " (401): " + said + "; check --key, VIGIL_KEY or the profile's key";
            case 403 -> {
                Matcher m = NEEDS.matcher(said);
                yield m.find() ? "this API key may not do this: it needs the " + m.group(1) + " role (403)"
                        : "this API key may not do this (403): " + said;
            }
            case 404 -> "not found: " + said;
            case 400 -> "refused as invalid: " + (field == null || said.startsWith(field + ":") ? said : field + ": " + said);
            case 409 -> "conflict: " + said;
            default -> status >= 500 ? "the server failed (" + status + "): " + said : method + " " + url + ": " + status + " " + said;
        };
        JsonNode errors = json == null ? null : json.get("errors");
        if (errors != null && errors.isArray()) {
            StringBuilder b = new StringBuilder(human);
            for (JsonNode e : errors) {
                String f = text(e, "field");
                String m = e.isTextual() ? e.asText() : text(e, "message");
                b.append(System.lineSeparator()).append("  ").append(f == null ? "" : f + ": ").append(m == null ? e.toString() : m);
            }
            human = b.toString();
        }
        return new ApiException(status, error, message, field, body, human, null);
    }

    /** An answer that is not the API's (a proxy's error page) is quoted only in part. */
    private static String shortened(String body) {
        String line = body.replaceAll("\\s+", " ");
        return line.length() <= 200 ? line : line.substring(0, 200) + " …";
    }

    private static String text(JsonNode json, String name) {
        JsonNode n = json == null ? null : json.get(name);
        return n == null || n.isNull() ? null : n.asText();
    }

    /** The HTTP status; 0 if the server did not answer. */
    public int status() { return status; }

    /** The API's {@code error} code ({@code invalid}, {@code not_found} …), {@code unreachable}, or null. */
    public String error() { return error; }

    /** The API's {@code message} as it said it, or null. */
    public String apiMessage() { return apiMessage; }

    /** The input field the API named, or null. */
    public String field() { return field; }

    /** The answer's body as received, or null. */
    public String body() { return body; }

    /** The role the API said the key needs ({@code operator} …), or null. */
    public String neededRole() {
        if (status != 403 || apiMessage == null) return null;
        Matcher m = NEEDS.matcher(apiMessage);
        return m.find() ? m.group(1) : null;
    }
}
