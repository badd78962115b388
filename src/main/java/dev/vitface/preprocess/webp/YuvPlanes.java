package dev.vitface.preprocess.webp;

/**
 * A decoded VP8 frame: 8-bit Y at full resolution, U and V at half resolution in each direction
 * (rounded up), each row-major with its own stride. The planes may be wider and taller than the
 * picture (VP8 codes whole 16x16 macroblocks); only the top-left {@code width x height} luma and
 * {@code (width + 1) / 2 x (height + 1) / 2} chroma samples belong to it.
 */
public record YuvPlanes(int width, int height, byte[] y, int yStride, byte[] u, byte[] v, int uvStride) {}
