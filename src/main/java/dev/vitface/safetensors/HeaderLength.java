package dev.vitface.safetensors;

import java.nio.file.Path;

/**
 * The 8-byte little-endian prefix that gives the header's length N. Checked against the file
 * size and the reference reader's 100,000,000-byte cap before anything is allocated for the header.
 */
final class HeaderLength {
    /** {@code MAX_HEADER_SIZE} of safetensors {@code src/tensor.rs}. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    static final int PREFIX_BYTES = 8;

    private HeaderLength() {}

    /**
     * @param prefix   the file's first 8 bytes, as a little-endian long (unsigned on disk)
     * @param fileSize the file's size in bytes, at least 8
     * @return N, the number of header bytes that follow the prefix
     */
    static long check(Path file, long prefix, long fileSize) {
        // Unsigned on disk: a negative long is a value >= 2^63, far beyond the cap.
        if (prefix < 0 || prefix > MAX_HEADER_BYTES) {
            throw new SafetensorsException(file, null, "header length " + Long.toUnsignedString(prefix)
                    + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        long available = fileSize - PREFIX_BYTES;
        if (prefix > available) {
            throw new SafetensorsException(file, null, "header length " + prefix
                    + " runs past the end of the file: only " + available + " bytes follow the 8-byte length prefix");
        }
        return prefix;
    }

    static void checkFileSize(Path file, long fileSize) {
        if (fileSize == 0) {
            throw new SafetensorsException(file, null, "file is empty (0 bytes); a safetensors file starts with "
                    + "an 8-byte header length");
        }
        if (fileSize < PREFIX_BYTES) {
            throw new SafetensorsException(file, null, "file is " + fileSize
                    + " bytes, too short for the 8-byte header length");
        }
    }
}
