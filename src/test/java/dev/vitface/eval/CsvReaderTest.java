package dev.vitface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    private static final Path FILE = Path.of("test.csv");

    @Test
    void readsQuotedFieldsWithCommasQuotesAndLineBreaks() throws Exception {
        CsvTable table = CsvReader.parse(FILE,
                "file,age\r\n\"a, b.jpg\",3-9\r\n\"say \"\"cheese\"\".jpg\",0-2\r\n\"two\nlines.jpg\",10-19\r\nplain.jpg,\r\n");
        assertEquals(List.of("file", "age"), table.header());
        List<CsvTable.Row> rows = table.rows();
        assertEquals(List.of("a, b.jpg", "3-9"), rows.get(0).fields());
        assertEquals(List.of("say \"cheese\".jpg", "0-2"), rows.get(1).fields());
        assertEquals(List.of("two\nlines.jpg", "10-19"), rows.get(2).fields());
        assertEquals(List.of("plain.jpg", ""), rows.get(3).fields());
        assertEquals(List.of(2, 3, 4, 6), rows.stream().map(CsvTable.Row::line).toList(),
                "a record's line is where it starts; the quoted line break moves the next one down");
    }

    @Test
    void skipsByteOrderMarkAndBlankLinesAndAcceptsAMissingFinalLineBreak() throws Exception {
        CsvTable table = CsvReader.parse(FILE, "\uFEFFfile,age\n\nx.jpg,3-9\n\ny.jpg,0-2");
        assertEquals("file", table.header().getFirst());
        assertEquals(List.of(List.of("x.jpg", "3-9"), List.of("y.jpg", "0-2")),
                table.rows().stream().map(CsvTable.Row::fields).toList());
        assertEquals(5, table.rows().get(1).line());
    }

    @Test
    void quotedEmptyFieldAndTrailingEmptyField() throws Exception {
        CsvTable table = CsvReader.parse(FILE, "a,b,c\n\"\",x,\n");
        assertEquals(List.of("", "x", ""), table.rows().getFirst().fields());
    }

    @Test
    void rejectsMalformedInputNamingTheLine() {
        assertMalformed("a,b\n\"x,y\n", "test.csv:2: a quoted field is never closed");
        assertMalformed("a,b\n\"x\"y,z\n", "test.csv:2: text after a closing quote");
        assertMalformed("a,b\nx\"y,z\n", "test.csv:2: a quote inside an unquoted field");
        assertMalformed("a,b\nx,y\nonly one\n", "test.csv:3: expected 2 fields as in the header, found 1");
        assertMalformed("a,a\n", "test.csv:1: column 'a' appears twice");
        assertMalformed("", "the file is empty");
    }

    @Test
    void requiredColumnNamesTheHeader() throws Exception {
        CsvTable table = CsvReader.parse(FILE, "file,age\n");
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> table.requiredColumn("race"));
        assertTrue(e.getMessage().contains("no 'race' column; the header is [file, age]"), e.getMessage());
    }

    @Test
    void rejectsInvalidUtf8(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("latin1.csv");
        Files.write(csv, new byte[] {'f', 'i', 'l', 'e', '\n', (byte) 0xe9, '.', 'j', 'p', 'g', '\n'});
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> CsvReader.read(csv));
        assertTrue(e.getMessage().endsWith("not valid UTF-8"), e.getMessage());
    }

    private static void assertMalformed(String text, String expectedStart) {
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> CsvReader.parse(FILE, text));
        assertTrue(e.getMessage().contains(expectedStart), () -> "'" + e.getMessage() + "' lacks '" + expectedStart + "'");
    }
}
