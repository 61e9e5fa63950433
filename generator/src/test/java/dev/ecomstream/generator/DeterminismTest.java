package dev.ecomstream.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.schema.Entity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterminismTest {

    @TempDir
    Path temp;

    @Test
    void sameSeedGivesIdenticalBytes() throws IOException {
        Path first = GeneratedFiles.generate(temp.resolve("a"), "--scale", "0.002", "--seed", "7");
        Path second = GeneratedFiles.generate(temp.resolve("b"), "--scale", "0.002", "--seed", "7");
        for (Entity entity : Entity.values()) {
            assertThat(Files.readAllBytes(second.resolve(entity.csvFileName())))
                    .as(entity.csvFileName())
                    .isEqualTo(Files.readAllBytes(first.resolve(entity.csvFileName())));
        }
    }

    @Test
    void differentSeedGivesDifferentData() throws IOException {
        Path first = GeneratedFiles.generate(temp.resolve("a"), "--scale", "0.002", "--seed", "7");
        Path second = GeneratedFiles.generate(temp.resolve("b"), "--scale", "0.002", "--seed", "8");
        for (Entity entity : Entity.values()) {
            if (entity == Entity.DISTRIBUTION_CENTERS) {
                continue; // the same ten at every seed
            }
            assertThat(Files.readAllBytes(second.resolve(entity.csvFileName())))
                    .as(entity.csvFileName())
                    .isNotEqualTo(Files.readAllBytes(first.resolve(entity.csvFileName())));
        }
    }

    @Test
    void aFileIsTheSameWhicheverOtherEntitiesAreWritten() throws IOException {
        Path all = GeneratedFiles.generate(temp.resolve("all"), "--scale", "0.002", "--seed", "7");
        Path some = GeneratedFiles.generate(temp.resolve("some"), "--scale", "0.002", "--seed", "7",
                "--entities", "events,products");
        assertThat(some.resolve("users.csv")).doesNotExist();
        for (String file : new String[] {"events.csv", "products.csv"}) {
            assertThat(Files.readAllBytes(some.resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(all.resolve(file)));
        }
    }
}
