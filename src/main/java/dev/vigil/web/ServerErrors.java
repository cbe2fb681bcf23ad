package dev.vigil.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty gives itself, before any route runs — a path it will not decode ({@code %00}, a bad
 * {@code %zz}), a request line or headers over the limit — in the shapes of {@link Errors}: JSON
 * {@code {"error", "message"}} for the API, plain text on ping URLs. Never Jetty's HTML page. When the
 * parser gave up before it had a path (a request line too long, {@code %00}), the answer is JSON.
 */
final class ServerErrors extends ErrorHandler {
    private final int maxRequestHead;

    /** @param maxRequestHead the request line plus headers Jetty accepts, in bytes, stated in the 414 and 431 */
    ServerErrors(int maxRequestHead) {
        this.maxRequestHead = maxRequestHead;
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true; // a PUT with a bad path deserves a body as much as a GET
    }

    @Override
    protected void generateResponse(Request request, Response response, int status, String reason, Throwable cause,
                                    Callback callback) {
        String message = switch (status) {
            case HttpStatus.URI_TOO_LONG_414 -> "request URI too long: the request line and headers may be at most "
                    + maxRequestHead + " bytes";
            case HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 -> "request headers too large: the request line and"
                    + " headers may be at most " + maxRequestHead + " bytes";
            case HttpStatus.BAD_REQUEST_400 -> reason == null || reason.equals(HttpStatus.getMessage(status))
                    ? "bad request: the request line or headers cannot be read (such as %00 in the path)"
                    : "bad request: " + reason;
            default -> reason == null ? HttpStatus.getMessage(status) : reason;
        };
        // Jetty closes the connection after a request it could not parse: say so, or a keep-alive client
        // sends its next request into the closed connection and gets no answer (found by ApiFuzzTest).
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        byte[] body;
        if (isPing(request)) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
            body = message.getBytes(StandardCharsets.UTF_8);
        } else {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            body = Json.write(Errors.body(Errors.code(status), message, null));
        }
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static boolean isPing(Request request) {
        try {
            String raw = request.getHttpURI().getPathQuery(); // as sent: the decoded path is what failed
            return raw != null && raw.startsWith("/ping/");
        } catch (RuntimeException e) {
            return false; // a URI Jetty could not parse: JSON, the API's shape
        }
    }
}
