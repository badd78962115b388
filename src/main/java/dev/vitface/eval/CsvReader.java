package dev.vitface.eval;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Reads a UTF-8 CSV file as RFC 4180 describes it: comma-separated fields; a field in double
 * quotes may hold commas, line breaks and doubled quotes ({@code ""}); records end with CRLF or LF.
 * A leading byte-order mark is skipped and blank lines are ignored.
 *
 * <p>It is strict where leniency would change data silently: a quote inside an unquoted field,
 * text after a closing quote, an unterminated quote, a record whose field count differs from the
 * header's, a repeated column name and invalid UTF-8 are all errors naming the line.
 */
public final class CsvReader {
    private CsvReader() {}

    public static CsvTable read(Path file) throws IOException {
        return parse(file, decodeUtf8(file));
    }

    /** Parses {@code text} as the contents of {@code file} (which is only used in messages). */
    public static CsvTable parse(Path file, String text) throws CsvFormatException {
        List<CsvTable.Row> records = new Parser(file, text).records();
        if (records.isEmpty()) throw new CsvFormatException(file, 0, "the file is empty; expected a header line");
        List<String> header = records.getFirst().fields();
        checkColumnNames(file, records.getFirst().line(), header);
        List<CsvTable.Row> body = records.subList(1, records.size());
        for (CsvTable.Row record : body) {
            if (record.fields().size() != header.size()) {
                throw new CsvFormatException(file, record.line(), "expected " + header.size()
                        + " fields as in the header, found " + record.fields().size());
            }
        }
        return new CsvTable(file, header, body);
    }

    private static void checkColumnNames(Path file, int line, List<String> header) throws CsvFormatException {
        var seen = new HashSet<String>();
        for (String name : header) {
            if (!seen.add(name)) throw new CsvFormatException(file, line, "column '" + name + "' appears twice in the header");
        }
    }

    private static String decodeUtf8(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CsvFormatException(file, 0, "not valid UTF-8");
        }
    }

    /** A single pass over the text; {@code pos} and {@code line} advance together. */
    private static final class Parser {
        private final Path file;
        private final String text;
        private int pos;
        private int line = 1;

        Parser(Path file, String text) {
            this.file = file;
            this.text = text;
            this.pos = text.startsWith("\uFEFF") ? 1 : 0;
        }

        List<CsvTable.Row> records() throws CsvFormatException {
            List<CsvTable.Row> records = new ArrayList<>();
            while (pos < text.length()) {
                if (atLineEnd()) { // a blank line: no record
                    skipLineEnd();
                    continue;
                }
                int startLine = line;
                List<String> fields = new ArrayList<>();
                while (true) {
                    fields.add(field());
                    if (pos >= text.length()) break;
                    if (text.charAt(pos) == ',') {
                        pos++;
                        continue;
                    }
                    skipLineEnd(); // field() stops only at a comma, a line end or the end of the text
                    break;
                }
                records.add(new CsvTable.Row(startLine, List.copyOf(fields)));
            }
            return records;
        }

        private String field() throws CsvFormatException {
            return pos < text.length() && text.charAt(pos) == '"' ? quotedField() : plainField();
        }

        private String plainField() throws CsvFormatException {
            int start = pos;
            while (pos < text.length() && text.charAt(pos) != ',' && !atLineEnd()) {
                if (text.charAt(pos) == '"') {
                    throw new CsvFormatException(file, line, "a quote inside an unquoted field; quote the whole field and double the quote");
                }
                pos++;
            }
            return text.substring(start, pos);
        }

        private String quotedField() throws CsvFormatException {
            int openedOn = line;
            pos++; // the opening quote
            StringBuilder value = new StringBuilder();
            while (true) {
                if (pos >= text.length()) throw new CsvFormatException(file, openedOn, "a quoted field is never closed");
                char c = text.charAt(pos++);
                if (c == '"') {
                    if (pos < text.length() && text.charAt(pos) == '"') {
                        value.append('"');
                        pos++;
                        continue;
                    }
                    if (pos < text.length() && text.charAt(pos) != ',' && !atLineEnd()) {
                        throw new CsvFormatException(file, line, "text after a closing quote");
                    }
                    return value.toString();
                }
                if (c == '\n') line++;
                value.append(c);
            }
        }

        private boolean atLineEnd() {
            char c = text.charAt(pos);
            return c == '\n' || (c == '\r' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n');
        }

        private void skipLineEnd() {
            pos += text.charAt(pos) == '\r' ? 2 : 1;
            line++;
        }
    }
}
