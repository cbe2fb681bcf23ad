package dev.vigil.alert.channel;

import dev.vigil.alert.DeliveryException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Sending an alert over HTTP and deciding what the outcome means, written once for every HTTP
 * channel (webhook, Slack, PagerDuty …). Whether to retry is decided here; when and how often is the
 * delivery loop's job.
 *
 * <p>Retryable: 408, 429, 5xx, and no answer at all (connect refused, timeouts, resets), since the
 * receiver may be back in a minute. Permanent: any other 4xx, and 3xx, because redirects are not
 * followed: a POST silently turned into a GET, or a secret sent to another host, is worse than an
 * alert that says "fix the URL".
 *
 * <p>Error messages name only the host, never the full URL: many receivers (Slack, Teams) put
 * their secret in the URL path, and errors are shown to users.
 */
public final class HttpChannelSupport {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How much of a failed response's body is kept in the error: enough to see the reason. */
    public static final int MAX_ERROR_BODY_CHARS = 300;

    private final HttpClient client;

    public HttpChannelSupport(HttpClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** A client for alert channels: bounded connect time, redirects not followed. */
    public static HttpClient newClient() {
        return HttpClient.newBuilder()
                .connectTimeout(DEFAULT_CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Sends the request and returns the status code if it is 2xx.
     *
     * @throws DeliveryException otherwise, retryable or permanent as described above
     */
    public int send(HttpRequest request) {
        String host = request.uri().getHost();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw DeliveryException.retryable("cannot connect to " + host + ": connect timed out", null, e);
        } catch (HttpTimeoutException e) {
            throw DeliveryException.retryable("no response from " + host + " within "
                    + request.timeout().map(Duration::toString).orElse("the timeout"), null, e);
        } catch (ConnectException e) {
            throw DeliveryException.retryable("cannot connect to " + host + ": " + describe(e), null, e);
        } catch (IOException e) {
            throw DeliveryException.retryable("request to " + host + " failed: " + describe(e), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.retryable("interrupted while sending to " + host, null, e);
        }
        int status = response.statusCode();
        String snippet = readSnippet(response.body());
        if (status >= 200 && status < 300) return status;
        String message = host + " answered HTTP " + status + (snippet.isEmpty() ? "" : ": " + snippet);
        if (isRetryable(status)) throw DeliveryException.retryable(message, status, null);
        if (status >= 300 && status < 400) {
            message += " (redirects are not followed; configure the final URL)";
        }
        throw DeliveryException.permanent(message, status, null);
    }

    /** 408 Request Timeout, 429 Too Many Requests and 5xx are worth retrying. */
    public static boolean isRetryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    // Reads only the start of the body: a receiver's error page can be megabytes of HTML.
    private static String readSnippet(InputStream body) {
        try (body) {
            byte[] head = body.readNBytes(MAX_ERROR_BODY_CHARS * 4);
            String text = new String(head, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
            return text.length() > MAX_ERROR_BODY_CHARS ? text.substring(0, MAX_ERROR_BODY_CHARS) + "…" : text;
        } catch (IOException e) {
            return "";
        }
    }
}
