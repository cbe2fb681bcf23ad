package dev.vigil.agent.http;

import dev.vigil.util.HttpClients;
import dev.vigil.util.OutboundRefused;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Says in a few words why a call got no complete response. The client often wraps the cause, so
 * the whole chain is searched for the most telling exception.
 */
final class Failures {
    private Failures() {
    }

    /** @param probe says why a connect fails when the client's exception does not ({@link ConnectProbe}) */
    static String describe(Throwable failure, HttpCall call, Function<HttpCall, String> probe) {
        Throwable e = unwrap(failure);
        String where = call.authority();
        OutboundRefused refused = HttpClients.cause(e, OutboundRefused.class);
        if (refused != null) {
            return refused.getMessage();
        }
        if (HttpClients.isConnectTimeout(e)) {
            return "connect timed out: " + where;
        }
        if (HttpClients.cause(e, UnresolvedAddressException.class) != null || HttpClients.cause(e, UnknownHostException.class) != null) {
            return "unknown host: " + call.uri().getHost();
        }
        if (HttpClients.cause(e, SSLHandshakeException.class) != null) {
            return "TLS handshake with " + where + " failed: " + message(HttpClients.cause(e, SSLHandshakeException.class));
        }
        if (HttpClients.cause(e, SSLException.class) != null) {
            return "TLS error with " + where + ": " + message(HttpClients.cause(e, SSLException.class));
        }
        ConnectException connect = HttpClients.cause(e, ConnectException.class);
        if (connect != null) {
            String why = hasMessage(connect) ? message(connect) : probe.apply(call);
            if (why == null || why.isBlank()) {
                return "cannot connect to " + where;
            }
            return why.toLowerCase(Locale.ROOT).contains("refused")
                    ? "connection refused: " + where
                    : "cannot connect to " + where + ": " + why;
        }
        if (e instanceof IllegalArgumentException) {
            return "invalid request: " + message(e);
        }
        if (HttpClients.cause(e, IOException.class) != null) {
            return "I/O error with " + where + ": " + message(HttpClients.cause(e, IOException.class));
        }
        return "request failed: " + e;
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }


    private static boolean hasMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return true;
            }
        }
        return false;
    }

    /** The first non-blank message down the cause chain, or the exception's class name if none has one. */
    private static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }
}
