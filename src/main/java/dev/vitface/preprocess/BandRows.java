package dev.vitface.preprocess;

import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;

/**
 * Reads one band of one raster row into an {@code int[]}, unsigned. Rasters that ImageIO's
 * decoders produce for 8- and 16-bit data are component rasters over a byte or short array; those
 * are read straight from the array, which is several times faster than {@link Raster#getSamples}.
 */
final class BandRows {
    private final Raster raster;
    private final int width;
    private final ComponentSampleModel direct;
    private final byte[][] bytes;
    private final short[][] shorts;

    BandRows(Raster raster) {
        this.raster = raster;
        this.width = raster.getWidth();
        DataBuffer buffer = raster.getDataBuffer();
        boolean component = raster.getSampleModel() instanceof ComponentSampleModel;
        if (component && buffer instanceof DataBufferByte b) {
            direct = (ComponentSampleModel) raster.getSampleModel();
            bytes = b.getBankData();
            shorts = null;
        } else if (component && buffer instanceof DataBufferUShort s) {
            direct = (ComponentSampleModel) raster.getSampleModel();
            bytes = null;
            shorts = s.getBankData();
        } else {
            direct = null;
            bytes = null;
            shorts = null;
        }
    }

    /** Fills {@code row[0 .. width)} with the samples of {@code band} on raster row {@code y} (0-based). */
    void read(int band, int y, int[] row) {
        if (direct == null) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, width, 1, band, row);
            return;
        }
        int bank = direct.getBankIndices()[band];
        int start = raster.getDataBuffer().getOffsets()[bank]
                + direct.getOffset(raster.getMinX() - raster.getSampleModelTranslateX(),
                        raster.getMinY() + y - raster.getSampleModelTranslateY(), band);
        int stride = direct.getPixelStride();
        if (bytes != null) {
            byte[] data = bytes[bank];
            for (int x = 0, i = start; x < width; x++, i += stride) row[x] = data[i] & 0xFF;
        } else {
            short[] data = shorts[bank];
            for (int x = 0, i = start; x < width; x++, i += stride) row[x] = data[i] & 0xFFFF;
        }
    }
}
