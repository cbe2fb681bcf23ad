/**
 * The agent protocol: what agents and the server say to each other, as plain records that travel
 * as JSON over HTTP ({@code POST /api/v1/agent/poll}, {@code /events}, {@code /leave}) for remote
 * agents and as objects for the embedded one. Depends on nothing of ours.
 */
package dev.vigil.agent.wire;
