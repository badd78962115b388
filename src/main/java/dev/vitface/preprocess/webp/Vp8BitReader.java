/*
 * Ported from libwebp 1.2.4, src/utils/bit_reader_utils.c and bit_reader_inl_utils.h.
 * Copyright 2010 Google Inc. All Rights Reserved. Use of this source code is governed by a
 * BSD-style license that can be found in META-INF/LICENSE-libwebp.txt.
 */
package dev.vitface.preprocess.webp;

/**
 * VP8's boolean entropy decoder (RFC 6386 section 7) over one partition, as libwebp's
 * {@code VP8BitReader} with 8-bit loads ({@code BITS == 8}, a configuration libwebp builds on some
 * platforms; wider loads change only speed). Reading past the end feeds zeros once and sets
 * {@link #eof()}, which the decoder turns into libwebp's "premature end" errors.
 */
final class Vp8BitReader {
    private final byte[] data;
    private final int end;
    private int pos;
    /** Undecoded bits; the top {@code bits + 8} of them are live. */
    private int value;
    /** The current range minus one, in [126, 254]. */
    private int range = 255 - 1;
    /** Bits of {@code value} beyond the 8 the next decision reads; negative when a byte must be loaded. */
    private int bits = -8;
    private boolean eof;

    Vp8BitReader(byte[] data, int start, int length) {
        this.data = data;
        this.pos = start;
        this.end = start + length;
        loadNewBytes();
    }

    boolean eof() {
        return eof;
    }

    /** VP8LoadNewBytes / VP8LoadFinalBytes with one byte at a time. */
    private void loadNewBytes() {
        if (pos < end) {
            bits += 8;
            value = (data[pos++] & 0xFF) | (value << 8);
        } else if (!eof) {
            value <<= 8;
            bits += 8;
            eof = true;
        } else {
            bits = 0; // libwebp: "to avoid undefined behaviour with shifts"
        }
    }

    /** VP8GetBit: one decision whose probability of being 0 is {@code prob / 256}. */
    int getBit(int prob) {
        int range = this.range;
        if (bits < 0) loadNewBytes();
        int pos = bits;
        int split = (range * prob) >>> 8;
        int value = this.value >>> pos;
        int bit;
        if (value > split) {
            range -= split;
            this.value -= (split + 1) << pos;
            bit = 1;
        } else {
            range = split + 1;
            bit = 0;
        }
        int shift = 7 ^ (31 - Integer.numberOfLeadingZeros(range)); // 7 ^ BitsLog2Floor(range)
        range <<= shift;
        bits -= shift;
        this.range = range - 1;
        return bit;
    }

    /** VP8GetSigned: {@code v} or {@code -v}, the sign read as an even-odds decision. */
    int getSigned(int v) {
        if (bits < 0) loadNewBytes();
        int pos = bits;
        int split = range >>> 1;
        int value = this.value >>> pos;
        int mask = (split - value) >> 31; // -1 when the bit is 1
        bits -= 1;
        range += mask;
        range |= 1;
        this.value -= ((split + 1) & mask) << pos;
        return (v ^ mask) - mask;
    }

    /** VP8GetValue: an unsigned {@code count}-bit literal, most significant bit first. */
    int getValue(int count) {
        int v = 0;
        while (count-- > 0) {
            v |= getBit(0x80) << count;
        }
        return v;
    }

    /** VP8GetSignedValue: a {@code count}-bit magnitude followed by a sign bit. */
    int getSignedValue(int count) {
        int v = getValue(count);
        return getValue(1) == 1 ? -v : v;
    }
}
