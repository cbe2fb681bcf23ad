package dev.vigil.web;

import dev.vigil.alert.ChannelRegistry;
import dev.vigil.alert.Incidents;

/**
 * What the web layer needs of alerting: the channel kinds (to check a channel's config), the
 * incident engine (acknowledge, resolve) and what to do after a person changed an incident.
 *
 * @param changed after a person changed an incident, a silence or a window: wakes the delivery and
 *                escalation loops and refreshes open dashboards
 */
public record Alerting(ChannelRegistry channels, Incidents incidents, Runnable changed) {
}
