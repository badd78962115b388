package dev.vitface.faces.blazeface;

import dev.vitface.faces.Point;
import dev.vitface.preprocess.RgbImage;

/**
 * Puts a photo on a black square canvas (side = the longer side, photo centred, integer offsets)
 * and resizes that canvas to the network's S×S input, as MediaPipe's {@code ImageToTensorCalculator}
 * does with {@code keep_aspect_ratio} and a zero border; {@link #toImage} removes the letterbox
 * again ({@code DetectionLetterboxRemovalCalculator} and the projection to pixels in one step).
 *
 * <p>The resize is Pillow's {@code BILINEAR}: a triangle filter whose support widens with the
 * reduction, separable, weights normalised over the canvas. Upscaling and same-size it is plain
 * bilinear interpolation (same size: the identity), as in MediaPipe; reducing a 4000-pixel photo it
 * averages every source pixel instead of point-sampling 256 of each row, which would alias.
 * The output is channel-major RGB, {@code v / 127.5 − 1} in [−1, 1].
 */
final class Letterbox {
    /** Pillow's {@code reducing_gap}: box-reduce by an integer factor while the canvas is at least this many times the output. */
    static final int REDUCING_GAP = 2;

    private final int canvas;
    private final int padX;
    private final int padY;
    private final int size;
    /** Box-reduction factor applied to the canvas before the triangle filter (1: none). */
    private final int reduce;
    /** The canvas side the network input spans, in photo pixels: the canvas, rounded up to whole reduction blocks. */
    private final int extent;

    /** The square window of side {@code canvas} whose top-left corner is at photo pixel ({@code -padX}, {@code -padY}). */
    private Letterbox(int canvas, int padX, int padY, int size) {
        if (canvas < 1) throw new IllegalArgumentException("window side must be positive, got " + canvas);
        this.canvas = canvas;
        this.padX = padX;
        this.padY = padY;
        this.size = size;
        this.reduce = Math.max(1, canvas / (REDUCING_GAP * size));
        this.extent = Math.ceilDiv(canvas, reduce) * reduce;
    }

    /** The whole photo, centred on a square of its longer side, for an input of {@code size}². */
    static Letterbox of(int width, int height, int size) {
        int side = Math.max(width, height);
        return new Letterbox(side, (side - width) / 2, (side - height) / 2, size);
    }

    /** A square window of the photo, top-left corner (x, y); the parts outside the photo are black. */
    static Letterbox window(int x, int y, int side, int size) {
        return new Letterbox(side, -x, -y, size);
    }

    /** A point given in [0, 1] of the network input, in the photo's pixels (edges at 0 and width). */
    Point toImage(float nx, float ny) {
        return new Point((double) nx * extent - padX, (double) ny * extent - padY);
    }

    /** Length {@code n} in [0, 1] of the network input, in photo pixels. */
    double toPixels(float n) {
        return (double) n * extent;
    }

    /**
     * The network input, {@code [3, size, size]}. A canvas more than {@value #REDUCING_GAP} times
     * the input is first box-reduced by the largest integer factor that keeps it so (Pillow's
     * {@code resize(..., reducing_gap=2)}): every photo pixel is read once, and the triangle filter
     * then spans 2–4 reduced pixels instead of up to 2·canvas/size photo pixels.
     */
    float[] tensor(RgbImage image) {
        if (reduce == 1) return resample(image, canvas, padX, padY, size);
        RgbImage reduced = reducedCanvas(image);
        return resample(reduced, reduced.width(), 0, 0, size);
    }

    /**
     * The canvas (photo on black) averaged over {@code reduce}×{@code reduce} blocks, rounded to
     * 8 bits as Pillow's {@code reduce} does; blocks cut by the canvas's far edge average the
     * canvas pixels they hold.
     */
    private RgbImage reducedCanvas(RgbImage image) {
        int w = image.width(), h = image.height(), k = reduce;
        int side = extent / k;
        byte[] rgb = image.rgb();
        RgbImage out = RgbImage.blank(side, side);
        byte[] dst = out.rgb();
        int xFrom = Math.max(0, -padX), xTo = Math.min(w, canvas - padX);
        int yFrom = Math.max(0, -padY), yTo = Math.min(h, canvas - padY);
        if (xFrom >= xTo || yFrom >= yTo) return out; // the window misses the photo: all black
        // Column sums of one block row: a plain loop over contiguous bytes, which C2 vectorises.
        int[] columns = new int[3 * w];
        for (int by = (yFrom + padY) / k; by <= (yTo - 1 + padY) / k; by++) {
            java.util.Arrays.fill(columns, 0);
            int y0 = Math.max(yFrom, by * k - padY), y1 = Math.min(yTo, (by + 1) * k - padY);
            for (int y = y0; y < y1; y++) {
                int row = y * w * 3;
                for (int i = 3 * xFrom; i < 3 * xTo; i++) columns[i] += rgb[row + i] & 0xFF;
            }
            int rowsIn = Math.min(k, canvas - by * k);
            for (int bx = (xFrom + padX) / k; bx <= (xTo - 1 + padX) / k; bx++) {
                int x0 = Math.max(xFrom, bx * k - padX), x1 = Math.min(xTo, (bx + 1) * k - padX);
                long r = 0, g = 0, b = 0;
                for (int x = x0; x < x1; x++) {
                    r += columns[3 * x];
                    g += columns[3 * x + 1];
                    b += columns[3 * x + 2];
                }
                long count = (long) rowsIn * Math.min(k, canvas - bx * k);
                int o = (by * side + bx) * 3;
                dst[o] = (byte) ((r + count / 2) / count);
                dst[o + 1] = (byte) ((g + count / 2) / count);
                dst[o + 2] = (byte) ((b + count / 2) / count);
            }
        }
        return out;
    }

    /** The triangle filter from a {@code canvas}² canvas holding {@code image} at ({@code padX}, {@code padY}) to {@code size}². */
    static float[] resample(RgbImage image, int canvas, int padX, int padY, int size) {
        int w = image.width(), h = image.height();
        Taps cols = Taps.of(canvas, size, padX, w);
        Taps rows = Taps.of(canvas, size, padY, h);
        byte[] rgb = image.rgb();
        // Horizontal pass over the photo rows some output row reads: [h, size, 3].
        float[] horizontal = new float[h * size * 3];
        for (int y = 0; y < h; y++) {
            if (!rows.used[y]) continue;
            int src = y * w * 3;
            int dst = y * size * 3;
            for (int u = 0; u < size; u++) {
                float r = 0, g = 0, b = 0;
                int first = cols.first[u];
                int base = u * cols.stride;
                for (int t = 0; t < cols.count[u]; t++) {
                    float wt = cols.weights[base + t];
                    int at = src + (first + t) * 3;
                    r += wt * (rgb[at] & 0xFF);
                    g += wt * (rgb[at + 1] & 0xFF);
                    b += wt * (rgb[at + 2] & 0xFF);
                }
                horizontal[dst + u * 3] = r;
                horizontal[dst + u * 3 + 1] = g;
                horizontal[dst + u * 3 + 2] = b;
            }
        }
        float[] out = new float[3 * size * size];
        int plane = size * size;
        for (int v = 0; v < size; v++) {
            int first = rows.first[v];
            int base = v * rows.stride;
            for (int u = 0; u < size; u++) {
                float r = 0, g = 0, b = 0;
                for (int t = 0; t < rows.count[v]; t++) {
                    float wt = rows.weights[base + t];
                    int at = ((first + t) * size + u) * 3;
                    r += wt * horizontal[at];
                    g += wt * horizontal[at + 1];
                    b += wt * horizontal[at + 2];
                }
                int o = v * size + u;
                out[o] = r / 127.5f - 1f;
                out[plane + o] = g / 127.5f - 1f;
                out[2 * plane + o] = b / 127.5f - 1f;
            }
        }
        return out;
    }

    /**
     * Triangle-filter taps for one axis, canvas {@code in} → {@code out} samples, following Pillow's
     * {@code precompute_coeffs}; then shifted into photo indices, dropping the taps on the black border
     * (they contribute zero, but count in the normalisation). {@code pad} is where the photo starts on
     * the canvas; negative when the window starts inside the photo.
     */
    private record Taps(int[] first, int[] count, float[] weights, int stride, boolean[] used) {
        static Taps of(int in, int out, int pad, int photo) {
            double scale = (double) in / out;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale;
            int stride = (int) Math.ceil(support) * 2 + 1;
            int[] first = new int[out], count = new int[out];
            float[] weights = new float[out * stride];
            boolean[] used = new boolean[photo];
            double[] k = new double[stride];
            for (int o = 0; o < out; o++) {
                double centre = (o + 0.5) * scale;
                int xmin = Math.max(0, (int) (centre - support + 0.5));
                int xmax = Math.min(in, (int) (centre + support + 0.5));
                double total = 0;
                for (int x = xmin; x < xmax; x++) {
                    double d = Math.abs((x - centre + 0.5) / filterScale);
                    k[x - xmin] = d < 1 ? 1 - d : 0;
                    total += k[x - xmin];
                }
                int lo = Math.max(xmin, pad), hi = Math.min(xmax, pad + photo);
                first[o] = lo - pad;
                count[o] = Math.max(0, hi - lo);
                for (int x = lo; x < hi; x++) {
                    weights[o * stride + x - lo] = total == 0 ? 0f : (float) (k[x - xmin] / total);
                    used[x - pad] = true;
                }
            }
            return new Taps(first, count, weights, stride, used);
        }
    }
}
