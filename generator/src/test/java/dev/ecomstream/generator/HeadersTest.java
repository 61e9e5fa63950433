package dev.ecomstream.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.schema.ColumnDefinition;
import dev.ecomstream.schema.Entity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadersTest {

    @TempDir
    Path temp;

    @Test
    void everyFileHasTheCatalogColumnsInCatalogOrder() {
        GeneratedFiles.generate(temp, "--scale", "0.001");
        for (Entity entity : Entity.values()) {
            assertThat(GeneratedFiles.header(temp, entity)).as(entity.csvFileName())
                    .containsExactlyElementsOf(entity.columns().stream().map(ColumnDefinition::name).toList());
        }
    }

    @Test
    void scaleOneThousandthGivesATinySetWithTenDistributionCenters() {
        GeneratedFiles.generate(temp, "--scale", "0.001");
        assertThat(GeneratedFiles.read(temp, Entity.DISTRIBUTION_CENTERS)).hasSize(10);
        assertThat(GeneratedFiles.read(temp, Entity.USERS)).hasSize(100);
        assertThat(GeneratedFiles.read(temp, Entity.PRODUCTS)).hasSize(29);
    }
}
