package dev.ecomstream.sink.rejected;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * A rejected record on disk, for an operator to fix: {@code <topic>-<partition>-<offset>.value} holds the value's
 * bytes as they were rejected (edit them), {@code <topic>-<partition>-<offset>.json} where it came from, why it
 * was rejected, its key and its headers (Base64, since a key or header may be any bytes). A record without a
 * value file is replayed as a tombstone (null value); deleting the {@code .json} leaves the record out.
 *
 * @param headers the original record's headers; null when Kafka no longer holds it (retention), replayed without
 */
record ExportedRecord(long rejectedId, String topic, int partition, long offset, String reason, String rejectedAt,
                      byte[] key, List<Header> headers, byte[] value) {

    static final String DESCRIPTION_SUFFIX = ".json";
    static final String VALUE_SUFFIX = ".value";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The file name both files start with: the record's coordinates. */
    String baseName() {
        return topic + "-" + partition + "-" + offset;
    }

    /** Writes the two files (one, for a tombstone) into the directory. */
    void write(Path directory) throws IOException {
        ObjectNode description = JSON.createObjectNode();
        description.put("rejected_id", rejectedId);
        description.put("topic", topic);
        description.put("partition", partition);
        description.put("offset", offset);
        description.put("reason", reason);
        description.put("rejected_at", rejectedAt);
        description.put("key_base64", key == null ? null : Base64.getEncoder().encodeToString(key));
        description.put("key_text", key == null ? null : textOrNull(key));
        if (headers == null) {
            description.putNull("headers");
        } else {
            ArrayNode headerArray = description.putArray("headers");
            for (Header header : headers) {
                headerArray.addObject().put("key", header.key()).put("value_base64",
                        header.value() == null ? null : Base64.getEncoder().encodeToString(header.value()));
            }
        }
        description.put("value_file", value == null ? null : baseName() + VALUE_SUFFIX);
        Files.write(directory.resolve(baseName() + DESCRIPTION_SUFFIX), JSON.writeValueAsBytes(description));
        if (value != null) {
            Files.write(directory.resolve(baseName() + VALUE_SUFFIX), value);
        }
    }

    /**
     * Reads a record back from its description file and the value file it names.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    static ExportedRecord read(Path descriptionFile) throws IOException {
        JsonNode description;
        try {
            description = JSON.readTree(descriptionFile.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(descriptionFile + " is not the JSON the export wrote: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        for (String field : List.of("rejected_id", "topic", "partition", "offset")) {
            if (!description.hasNonNull(field)) {
                throw new IllegalArgumentException(descriptionFile + " lacks \"" + field + "\", which the export wrote");
            }
        }
        List<Header> headers = null;
        if (description.path("headers").isArray()) {
            headers = new ArrayList<>();
            for (JsonNode header : description.get("headers")) {
                headers.add(new RecordHeader(header.path("key").asText(), bytesOrNull(header.get("value_base64"))));
            }
        }
        byte[] value = null;
        if (description.hasNonNull("value_file")) {
            Path valueFile = descriptionFile.resolveSibling(description.get("value_file").asText());
            if (!Files.isRegularFile(valueFile)) {
                throw new IllegalArgumentException(descriptionFile + " names the value file " + valueFile.getFileName()
                        + ", which is missing; restore it, or set \"value_file\" to null to publish a tombstone");
            }
            value = Files.readAllBytes(valueFile);
        }
        return new ExportedRecord(description.get("rejected_id").asLong(), description.get("topic").asText(),
                description.get("partition").asInt(), description.get("offset").asLong(),
                description.path("reason").asText(null), description.path("rejected_at").asText(null),
                bytesOrNull(description.get("key_base64")), headers, value);
    }

    private static byte[] bytesOrNull(JsonNode base64) {
        return base64 == null || base64.isNull() ? null : Base64.getDecoder().decode(base64.asText());
    }

    /** The bytes as text when they are UTF-8 (a key usually is), for reading; null otherwise. */
    private static String textOrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
