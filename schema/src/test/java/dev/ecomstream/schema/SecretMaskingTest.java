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

    @Test
    void shouldHideSecretParametersAndTheUserInfoPasswordOfAUrl() {
        assertThat(SecretMasking.maskedUrl("jdbc:postgresql://h:5432/db?user=u&password=p1&sslmode=verify-full"
                + "&sslpassword=p2&pass%77ord=p3")).isEqualTo("jdbc:postgresql://h:5432/db?user=u&password=[hidden]"
                + "&sslmode=verify-full&sslpassword=[hidden]&pass%77ord=[hidden]");
        assertThat(SecretMasking.maskedUrl("postgresql://u:p4@h/db")).isEqualTo("postgresql://u:[hidden]@h/db");
        assertThat(SecretMasking.maskedUrl("jdbc:postgresql://h/db")).isEqualTo("jdbc:postgresql://h/db");
        assertThat(SecretMasking.maskedUrl("jdbc:postgresql://h/db?password=$1\\")).doesNotContain("$1");
    }
}
