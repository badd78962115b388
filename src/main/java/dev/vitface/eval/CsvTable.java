package dev.vitface.eval;

import java.nio.file.Path;
import java.util.List;

/**
 * A parsed CSV file: its header and its records, every record with as many fields as the header.
 *
 * @param file    where it was read from, for messages
 * @param header  the first record's fields
 * @param rows    the other records, in file order
 */
public record CsvTable(Path file, List<String> header, List<Row> rows) {
    /**
     * One record of the file.
     *
     * @param line   the physical line (1-based) the record starts on; a quoted field may span lines
     * @param fields its fields, unquoted
     */
    public record Row(int line, List<String> fields) {
        public String field(int column) {
            return fields.get(column);
        }
    }

    public CsvTable {
        header = List.copyOf(header);
        rows = List.copyOf(rows);
    }

    /** The index of the column named {@code name}, or -1 when the header has none. */
    public int column(String name) {
        return header.indexOf(name);
    }

    /** The index of the column named {@code name}; a file without it is malformed for our purpose. */
    public int requiredColumn(String name) throws CsvFormatException {
        int column = column(name);
        if (column < 0) {
            throw new CsvFormatException(file, 1, "no '" + name + "' column; the header is " + header);
        }
        return column;
    }
}
