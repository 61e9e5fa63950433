package dev.ecomstream.quickstart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Prints the per-entity table, and writes it as JSON for scripts. */
final class SummaryPrinter {

    private SummaryPrinter() {
    }

    static void printTable(PrintStream out, List<EntityCounts> counts) {
        String format = "%-22s %10s %10s %10s %10s%n";
        out.printf(format, "entity", "read", "published", "landed", "rejected");
        long read = 0;
        long published = 0;
        long landed = 0;
        long rejected = 0;
        for (EntityCounts c : counts) {
            out.printf(format, c.entity().entityName(), c.read(), c.published(), c.landed(), c.rejected());
            read += c.read();
            published += c.published();
            landed += c.landed();
            rejected += c.rejected();
        }
        out.printf(format, "total", read, published, landed, rejected);
    }

    static void writeJson(Path file, List<EntityCounts> counts) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        ArrayNode entities = root.putArray("entities");
        for (EntityCounts c : counts) {
            entities.addObject()
                    .put("entity", c.entity().entityName())
                    .put("read", c.read())
                    .put("published", c.published())
                    .put("landed", c.landed())
                    .put("rejected", c.rejected());
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        json.writeValue(file.toFile(), root);
    }
}
