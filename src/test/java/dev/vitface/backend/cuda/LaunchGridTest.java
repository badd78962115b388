package dev.vitface.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LaunchGridTest {

    @Test
    void elementwiseCoversEveryElementOnceUpToTheCap() {
        assertEquals(new LaunchGrid(1, 256), LaunchGrid.elementwise(1));
        assertEquals(new LaunchGrid(1, 256), LaunchGrid.elementwise(256));
        assertEquals(new LaunchGrid(2, 256), LaunchGrid.elementwise(257));
        // ViT-L/14 fc1 output at batch 256: 269 M elements, capped; the grid-stride loop does the rest.
        assertEquals(new LaunchGrid(LaunchGrid.MAX_ELEMENTWISE_BLOCKS, 256), LaunchGrid.elementwise(256L * 257 * 4096));
        assertThrows(IllegalArgumentException.class, () -> LaunchGrid.elementwise(0));
    }

    @Test
    void blockPerRowUsesWholeWarpsAndAtMost256Threads() {
        assertEquals(new LaunchGrid(65792, 256), LaunchGrid.blockPerRow(65792, 1024));
        assertEquals(new LaunchGrid(51, 64), LaunchGrid.blockPerRow(51, 64));
        assertEquals(new LaunchGrid(3, 64), LaunchGrid.blockPerRow(3, 33));
        assertEquals(new LaunchGrid(1, 32), LaunchGrid.blockPerRow(1, 1));
        assertThrows(IllegalArgumentException.class, () -> LaunchGrid.blockPerRow(0, 64));
    }

    @Test
    void rowWiseIsABlockPerRowUpToTheCap() {
        assertEquals(new LaunchGrid(65792, 256), LaunchGrid.rowWise(65792, 3072));
        assertEquals(new LaunchGrid(2, 32), LaunchGrid.rowWise(2, 18)); // the heads' bias: 2 images x 18 labels
        assertEquals(new LaunchGrid(LaunchGrid.MAX_ELEMENTWISE_BLOCKS, 256), LaunchGrid.rowWise(4L << 20, 1024));
    }

    @Test
    void warpPerRowPacksEightRowsPerBlock() {
        assertEquals(new LaunchGrid(1, 256), LaunchGrid.warpPerRow(8));
        assertEquals(new LaunchGrid(2, 256), LaunchGrid.warpPerRow(9));
        // Softmax rows of ViT-L/14 at batch 256: 256 images x 16 heads x 257 queries.
        assertEquals(new LaunchGrid(131584, 256), LaunchGrid.warpPerRow(256L * 16 * 257));
    }

    @Test
    void rejectsShapesTheDeviceWouldRefuse() {
        assertThrows(IllegalArgumentException.class, () -> new LaunchGrid(1, 48));
        assertThrows(IllegalArgumentException.class, () -> new LaunchGrid(1, 2048));
        assertThrows(IllegalArgumentException.class, () -> new LaunchGrid(1L << 31, 256));
    }
}
