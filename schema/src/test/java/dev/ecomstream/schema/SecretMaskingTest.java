package dev.ecomstream.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretMaskingTest {

    @Test
    void shouldHideEverySecretValueAndKeepTheRest() {
        String shown = SecretMasking.masked(Map.of(
                "sasl.jaas.config", "ScramLoginModule required password=\"s3cret\";",
                "ssl.truststore.password", "changeit",
                "ssl.key", "-----BEGIN",
                "security.protocol", "SASL_SSL"));
        assertThat(shown).isEqualTo("{sasl.jaas.config=[hidden], security.protocol=SASL_SSL, "
                + "ssl.key=[hidden], ssl.truststore.password=[hidden]}");
        assertThat(shown).doesNotContain("s3cret", "changeit", "BEGIN");
    }
}
