package dev.ecomstream.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Results as JSON ({@link BenchResults} or {@link SinkPerEntityResults}): the record tree as it is, with "not
 * measured" (NaN) written as null.
 */
final class ResultsJson {

    private ResultsJson() {
    }

    static String format(Object results) throws IOException {
        return mapper().writeValueAsString(results);
    }

    static void write(Object results, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, format(results) + "\n");
    }

    static ObjectMapper mapper() {
        JsonSerializer<Double> nanAsNull = new JsonSerializer<>() {
            @Override
            public void serialize(Double value, JsonGenerator out, SerializerProvider provider) throws IOException {
                if (value == null || value.isNaN() || value.isInfinite()) {
                    out.writeNull();
                } else {
                    out.writeNumber(value);
                }
            }
        };
        SimpleModule module = new SimpleModule("nan-as-null");
        module.addSerializer(Double.class, nanAsNull);
        module.addSerializer(Double.TYPE, nanAsNull);
        return new ObjectMapper().registerModule(module).enable(SerializationFeature.INDENT_OUTPUT);
    }
}
