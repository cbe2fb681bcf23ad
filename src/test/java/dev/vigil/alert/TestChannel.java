package dev.vigil.alert;

import dev.vigil.domain.Channel;

/** An alert channel whose behaviour a test supplies as a lambda. */
record TestChannel(String kind, Sender sender) implements AlertChannel {

    @FunctionalInterface
    interface Sender {
        void send(Channel channel, AlertMessage message, String idempotencyKey);
    }

    @Override
    public void send(Channel channel, AlertMessage message, String idempotencyKey) {
        sender.send(channel, message, idempotencyKey);
    }
}
