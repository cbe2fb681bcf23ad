package dev.vigil.alert;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** How alert payloads are written: ISO-8601 instants, tolerant of fields added by newer versions. */
public final class AlertJson {
    private AlertJson() {}

    /**
     * A new mapper configured for alert payloads. Instants are written as ISO-8601 strings because
     * receivers (people, shell scripts, other languages) read them, not only Vigil. Unknown fields
     * are ignored on read so that a payload enqueued by a newer version still delivers after a
     * rollback.
     */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }
}
