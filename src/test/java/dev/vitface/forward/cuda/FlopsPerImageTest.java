package dev.vitface.forward.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The FLOPs a benchmark row divides by: VisionConfig.flopsPerImage counted by hand for ViT-L/14. */
class FlopsPerImageTest {

    @Test
    void vitL14CostsAbout162GflopPerImage() {
        // Counted by hand: patch 256·588·1024, per layer 257·1024·3072 + 2·257²·1024 + 257·1024² + 2·257·1024·4096,
        // 24 layers, heads 1024·18; two FLOPs per multiply-add.
        double macs = 256.0 * 588 * 1024 + 24 * (257.0 * 1024 * 3072 + 2.0 * 257 * 257 * 1024 + 257.0 * 1024 * 1024
                + 2.0 * 257 * 1024 * 4096) + 1024.0 * 18;
        assertEquals(2 * macs, WorkspacePlanTest.L14.flopsPerImage(18), 1);
        assertEquals(162.02e9, WorkspacePlanTest.L14.flopsPerImage(18), 0.01e9);
    }
}
