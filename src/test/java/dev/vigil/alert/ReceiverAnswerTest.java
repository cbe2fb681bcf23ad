package dev.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What is left of a delivery error for readers who may see only the receiver's status. */
class ReceiverAnswerTest {

    @Test
    void an_http_answer_is_cut_after_its_status() {
        assertThat(DeliveryException.withoutAnswer("hooks.example.com answered HTTP 500: {\"error\": \"db password=hunter2\"}"))
                .isEqualTo("hooks.example.com answered HTTP 500");
        assertThat(DeliveryException.withoutAnswer("gave up after 3 attempts; last error: hooks.example.com answered HTTP 503: busy"))
                .isEqualTo("gave up after 3 attempts; last error: hooks.example.com answered HTTP 503");
        assertThat(DeliveryException.withoutAnswer("hooks.example.com answered HTTP 301: moved (redirects are not followed; configure the final URL)"))
                .isEqualTo("hooks.example.com answered HTTP 301");
    }

    @Test
    void an_smtp_reply_keeps_its_code_and_a_refused_login_says_only_that() {
        assertThat(DeliveryException.withoutAnswer("smtp.example.com:587 answered 550 5.1.1 <gone@example.com>: User unknown"))
                .isEqualTo("smtp.example.com:587 answered 550");
        assertThat(DeliveryException.withoutAnswer("smtp.example.com:587 rejected the login of user 'vigil': 535 5.7.8 bad credentials"))
                .isEqualTo("smtp.example.com:587 rejected the login");
    }

    @Test
    void an_error_without_an_answer_is_kept_whole() {
        for (String error : new String[] {"cannot connect to hooks.example.com: Connection refused",
                "no response from hooks.example.com within PT10S", "silence 3 by alice until 2026-03-01T04:00:00Z: restoring"}) {
            assertThat(DeliveryException.withoutAnswer(error)).isEqualTo(error);
        }
        assertThat(DeliveryException.withoutAnswer(null)).isNull();
    }
}
