package dev.vitface.preprocess;

import dev.vitface.util.FailureText;
import java.io.IOException;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.stream.ImageInputStream;

/**
 * Pillow's verdict on a PNG's compressed image data: its ZIP decoder ({@code ZipDecode.c}, Pillow
 * 9.4) inflates one row at a time, filter byte included, and stops with success as soon as it has
 * every row, or a row ends exactly where the zlib stream ends. It never looks at what follows, so
 * a damaged checksum or tail after the last row goes unnoticed. It fails on a zlib error before
 * then, on a filter type above 4, and when the data runs out first ("image file is truncated").
 * The JDK's decoder reads ahead and checks more, so its own verdict differs on such files.
 *
 * <p>Inflation is zlib's in both (the JDK's {@link Inflater} wraps it) and the input comes in
 * Pillow's pieces (each IDAT chunk, 64 KiB at a time), so the two stop at the same byte.
 */
final class PngRows {
    /** Adam7, as ZipDecode.c states it. */
    private static final int[] OFFSET = {7, 3, 3, 1, 1, 0, 0};
    private static final int[] STARTING_ROW = {0, 0, 4, 0, 2, 0, 1};
    private static final int[] COL_INCREMENT = {8, 8, 4, 4, 2, 2, 1};
    private static final int[] ROW_INCREMENT = {8, 8, 8, 4, 4, 2, 2};
    /** {@code ImageFile.decodermaxblock}: the most Pillow reads for its decoder at once. */
    private static final int READ_BLOCK = 65536;
    private static final int HIGHEST_FILTER = 4;

    private PngRows() {}

    /**
     * Fails where Pillow fails; else returns where in the file the compressed data that Pillow
     * inflated ends (zlib may have consumed a few bytes past the last row, never fewer).
     *
     * @param imageData each IDAT chunk: where its data starts in the file and the length it declares
     */
    static long require(ImageInputStream in, List<long[]> imageData, int width, int height, int bitDepth,
            int colourType, boolean interlaced) throws IOException {
        int bits = bitDepth * channels(colourType);
        if (!validDepth(bitDepth, colourType)) {
            throw new IOException("bit depth " + bitDepth + " with colour type " + colourType + " is not a PNG pixel format");
        }
        if (width <= 0 || height <= 0) throw new IOException("the image is " + Integer.toUnsignedString(width) + "x"
                + Integer.toUnsignedString(height) + " pixels");
        long rowBytes = ((long) width * bits + 7) / 8;
        if (rowBytes > Integer.MAX_VALUE - 1) throw new IOException("a row of " + rowBytes + " bytes is too long");
        int pass = 0;
        int rowLength = interlaced ? passRowLength(width, bits, 0) : (int) rowBytes;
        int y = 0;
        int rows = 0;
        byte[] row = new byte[(int) rowBytes + 1];
        int filled = 0;
        byte[] input = new byte[(int) Math.min(READ_BLOCK, Math.max(1, in.length()))];
        Inflater inflater = new Inflater();
        try {
            for (long[] chunk : imageData) {
                long start = chunk[0];
                long end = Math.min(start + chunk[1], in.length());
                for (long at = start; at < end; at += input.length) {
                    int n = (int) Math.min(input.length, end - at);
                    in.seek(at);
                    in.readFully(input, 0, n);
                    inflater.setInput(input, 0, n);
                    while (inflater.getRemaining() > 0) {
                        filled += inflater.inflate(row, filled, rowLength + 1 - filled);
                        if (inflater.needsDictionary()) throw new IOException("the image data needs a preset zlib dictionary");
                        if (filled < rowLength + 1) break; // needs more input
                        if ((row[0] & 0xFF) > HIGHEST_FILTER) {
                            throw new IOException("unknown filter type " + (row[0] & 0xFF) + " in row " + rows);
                        }
                        rows++;
                        filled = 0;
                        if (interlaced) {
                            y += ROW_INCREMENT[pass];
                            while (y >= height || rowLength <= 0) {
                                if (++pass == 7) {
                                    y = height;
                                    break;
                                }
                                y = STARTING_ROW[pass];
                                rowLength = passRowLength(width, bits, pass);
                            }
                        } else {
                            y++;
                        }
                        if (y >= height || inflater.finished()) return at + n - inflater.getRemaining();
                    }
                }
            }
            throw new IOException("image file is truncated: the image data ends after " + rows + " rows");
        } catch (DataFormatException e) {
            throw new IOException("corrupt image data after " + rows + " rows (zlib: " + FailureText.of(e) + ")", e);
        } finally {
            inflater.end();
        }
    }

    private static int passRowLength(int width, int bits, int pass) {
        long pixels = ((long) width + OFFSET[pass]) / COL_INCREMENT[pass];
        return (int) ((pixels * bits + 7) / 8);
    }

    private static int channels(int colourType) {
        return switch (colourType) {
            case 2 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> 1;
        };
    }

    /** The combinations in Pillow's {@code PngImagePlugin._MODES}. */
    private static boolean validDepth(int bitDepth, int colourType) {
        return switch (colourType) {
            case 0 -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8 || bitDepth == 16;
            case 3 -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8;
            case 2, 4, 6 -> bitDepth == 8 || bitDepth == 16;
            default -> false;
        };
    }
}
