package dev.vitface.backend.cuda;

/**
 * Launch shapes for the kernels, in one place. Flat element-wise kernels use grid-stride loops
 * and row-wise ones stride over rows, so any grid is correct for them and is only sized for
 * occupancy; layernorm maps one row to one block, softmax one row to one warp.
 *
 * @param blocks  grid size (x)
 * @param threads block size (x)
 */
public record LaunchGrid(long blocks, int threads) {
    static final int ELEMENTWISE_THREADS = 256;
    /** Blocks beyond this add nothing: the grid-stride loop covers the rest. */
    static final long MAX_ELEMENTWISE_BLOCKS = 1L << 20;
    static final int SOFTMAX_ROWS_PER_BLOCK = 8;

    public LaunchGrid {
        if (blocks < 1 || blocks > Integer.MAX_VALUE) throw new IllegalArgumentException("grid of " + blocks + " blocks");
        if (threads < 32 || threads > 1024 || threads % 32 != 0) {
            throw new IllegalArgumentException("block of " + threads + " threads (need a multiple of 32 in 32..1024)");
        }
    }

    /** For {@code n} independent elements. */
    public static LaunchGrid elementwise(long n) {
        if (n < 1) throw new IllegalArgumentException("nothing to launch over: " + n + " elements");
        return new LaunchGrid(Math.min(ceilDiv(n, ELEMENTWISE_THREADS), MAX_ELEMENTWISE_BLOCKS), ELEMENTWISE_THREADS);
    }

    /** One block per row of {@code cols}: enough whole warps to cover the row once, at most 256 threads. */
    public static LaunchGrid blockPerRow(long rows, int cols) {
        if (cols < 1) throw new IllegalArgumentException("rows of " + cols + " columns");
        int threads = (int) Math.min(256, ceilDiv(cols, 32) * 32);
        return new LaunchGrid(rows, threads);
    }

    /** For kernels that stride over rows ({@code FOR_EACH_ROW_ELEMENT}): a block per row, up to the cap. */
    public static LaunchGrid rowWise(long rows, int cols) {
        LaunchGrid perRow = blockPerRow(rows, cols);
        return new LaunchGrid(Math.min(rows, MAX_ELEMENTWISE_BLOCKS), perRow.threads());
    }

    /** One warp per row, {@value #SOFTMAX_ROWS_PER_BLOCK} rows per block. */
    public static LaunchGrid warpPerRow(long rows) {
        return new LaunchGrid(ceilDiv(rows, SOFTMAX_ROWS_PER_BLOCK), 32 * SOFTMAX_ROWS_PER_BLOCK);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
