package dev.ecomstream.generator.entities;

import dev.ecomstream.generator.output.CsvOutput;
import dev.ecomstream.generator.output.DecimalText;
import dev.ecomstream.generator.reference.DistributionCenter;

/** Writes the ten distribution centers, the same at every scale and seed. */
public final class DistributionCenterWriter {

    private DistributionCenterWriter() {
    }

    public static void writeAll(CsvOutput out) {
        for (DistributionCenter center : DistributionCenter.ALL) {
            out.set("id", center.id())
                    .set("name", center.name())
                    .setDecimal("latitude", center.latitude())
                    .setDecimal("longitude", center.longitude())
                    .set("distribution_center_geom", DecimalText.wktPoint(center.longitude(), center.latitude()))
                    .endRow();
        }
    }
}
