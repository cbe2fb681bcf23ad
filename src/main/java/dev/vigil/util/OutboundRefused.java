package dev.vigil.util;

import java.io.IOException;

/**
 * A connection Vigil would not open because {@link OutboundPolicy} denies where it goes. An
 * {@link IOException}, raised where connections are opened (name resolution, a socket's connect), so
 * that clients fail the request with it; callers recognise it down the cause chain and report its
 * message as the reason: sending again cannot help until the policy changes.
 */
public final class OutboundRefused extends IOException {
    public OutboundRefused(String message) {
        super(message);
    }
}
