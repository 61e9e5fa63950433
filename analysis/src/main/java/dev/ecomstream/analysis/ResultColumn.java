package dev.ecomstream.analysis;

/**
 * A column of a query's answer.
 *
 * @param name    the column label
 * @param numeric whether its values are numbers (right-aligned in tables, drawable as a chart series)
 */
public record ResultColumn(String name, boolean numeric) {
}
