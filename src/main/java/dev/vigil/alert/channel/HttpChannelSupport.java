package dev.vigil.alert.channel;

import dev.vigil.alert.DeliveryException;
import dev.vigil.util.HttpClients;
import dev.vigil.util.OutboundPolicy;
import dev.vigil.util.OutboundRefused;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;

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

    /**
     * The client alert channels share under {@code policy}, started on first use and kept for the
     * life of the process ({@link HttpClients}: bounded connect time, redirects not followed, the
     * outbound policy enforced; daemon threads): one connection pool for every channel, however many
     * channel objects are made. A server has one policy, so one client.
     */
    public static HttpClient sharedClient(OutboundPolicy policy) {
        return SHARED.computeIfAbsent(policy, p -> HttpClients.start("vigil-alert-http", DEFAULT_CONNECT_TIMEOUT, p));
    }

    private static final Map<OutboundPolicy, HttpClient> SHARED = new ConcurrentHashMap<>();

    /**
     * Sends the request and returns the status code if it is 2xx.
     *
     * @throws DeliveryException otherwise, retryable or permanent as described above
     */
    public int send(AlertRequest alert) {
        return exchange(alert).status();
    }

    /**
     * Sends the request and returns the answer if its status is 2xx: the status and the start of the
     * body (at most {@link #MAX_ERROR_BODY_CHARS} characters).
     *
     * @throws DeliveryException otherwise, as {@link #send}
     */
    public dev.vigil.alert.AlertChannel.Answer exchange(AlertRequest alert) {
        String host = alert.uri().getHost();
        Request request = client.newRequest(alert.uri()).method("POST")
                .timeout(alert.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .body(new BytesRequestContent((String) null, alert.body().getBytes(StandardCharsets.UTF_8)))
                .headers(h -> alert.headers().forEach(x -> h.add(x.name(), x.value())));
        InputStreamResponseListener listener = new InputStreamResponseListener();
        Response response;
        try {
            request.send(listener);
            response = listener.get(Long.MAX_VALUE, TimeUnit.NANOSECONDS); // the request's own timeout ends it
        } catch (ExecutionException e) {
            throw failed(host, alert.timeout(), e.getCause() != null ? e.getCause() : e);
        } catch (TimeoutException e) {
            throw failed(host, alert.timeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.abort(e);
            throw DeliveryException.retryable("interrupted while sending to " + host, null, e);
        }
        int status = response.getStatus();
        String snippet = readSnippet(listener.getInputStream());
        if (status >= 200 && status < 300) return new dev.vigil.alert.AlertChannel.Answer(status, snippet.isEmpty() ? null : snippet);
        String message = host + " answered HTTP " + status + (snippet.isEmpty() ? "" : ": " + snippet);
        if (isRetryable(status)) throw DeliveryException.retryable(message, status, null);
        if (status >= 300 && status < 400) {
            message += " (redirects are not followed; configure the final URL)";
        }
        throw DeliveryException.permanent(message, status, null);
    }

    /**
     * No answer: retryable, saying why in the client's words as far as they help; permanent if the
     * outbound policy refused the receiver, since sending again cannot help until it changes.
     */
    private static DeliveryException failed(String host, Duration timeout, Throwable e) {
        OutboundRefused refused = HttpClients.cause(e, OutboundRefused.class);
        if (refused != null) return DeliveryException.permanent(refused.getMessage(), null, e);
        if (HttpClients.isConnectTimeout(e)) {
            return DeliveryException.retryable("cannot connect to " + host + ": connect timed out", null, e);
        }
        if (HttpClients.cause(e, TimeoutException.class) != null) {
            return DeliveryException.retryable("no response from " + host + " within " + timeout, null, e);
        }
        ConnectException connect = HttpClients.cause(e, ConnectException.class);
        if (connect != null) {
            return DeliveryException.retryable("cannot connect to " + host + ": " + describe(connect), null, e);
        }
        IOException io = HttpClients.cause(e, IOException.class);
        return DeliveryException.retryable("request to " + host + " failed: " + describe(io != null ? io : e), null, e);
    }


    /** 408 Request Timeout, 429 Too Many Requests and 5xx are worth retrying. */
    public static boolean isRetryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private static String describe(Throwable e) {
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
