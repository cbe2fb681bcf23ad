package dev.vigil.security;

import dev.vigil.domain.ApiKey;

/**
 * What a key may see beyond what every reader sees (PRODUCT.md §9, docs/security.md), decided here
 * for the API and the dashboard alike.
 *
 * @param pingSecrets     a job's uuid and ping URL, a project's ping key: anything that can ping.
 *                        Operators and up, who run jobs and report for them; never viewers.
 * @param receiverAnswers what an alert receiver answered (the first 300 characters of its body, an
 *                        SMTP server's reply text): editors and admins, who set up what alerts go to.
 *                        Everyone else sees the status code only: an answer may echo the request, or
 *                        anything else the receiver chooses to say.
 */
public record Sight(boolean pingSecrets, boolean receiverAnswers) {
    /** What Vigil itself and admins see. */
    public static final Sight ALL = new Sight(true, true);

    /** What {@code key} may see; no key sees nothing more. */
    public static Sight of(ApiKey key) {
        if (key == null) return new Sight(false, false);
        return new Sight(ApiKeys.grants(key.role(), ApiKey.Role.OPERATOR), ApiKeys.grants(key.role(), ApiKey.Role.EDITOR));
    }
}
