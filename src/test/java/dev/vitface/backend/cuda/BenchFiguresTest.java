package dev.vitface.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The numbers a benchmark row is divided by: FLOPs per image and the datasheet peaks. */
class BenchFiguresTest {

    @Test
    void vitL14CostsAbout162GflopPerImage() {
        // Counted by hand: patch 256·588·1024, per layer 257·1024·3072 + 2·257²·1024 + 257·1024² + 2·257·1024·4096,
        // 24 layers, heads 1024·18; two FLOPs per multiply-add.
        double macs = 256.0 * 588 * 1024 + 24 * (257.0 * 1024 * 3072 + 2.0 * 257 * 257 * 1024 + 257.0 * 1024 * 1024
                + 2.0 * 257 * 1024 * 4096) + 1024.0 * 18;
        assertEquals(2 * macs, WorkspacePlanTest.L14.flopsPerImage(18), 1);
        assertEquals(162.02e9, WorkspacePlanTest.L14.flopsPerImage(18), 0.01e9);
    }

    @Test
    void peaksAreKnownOnlyForTheListedCards() {
        assertEquals(989.4, DatasheetPeak.denseTflops("NVIDIA H100 80GB HBM3", CudaPrecision.BF16));
        assertEquals(67, DatasheetPeak.denseTflops("NVIDIA H200", CudaPrecision.FP32));
        assertEquals(494.7, DatasheetPeak.denseTflops("NVIDIA H100 SXM5 80GB", CudaPrecision.TF32));
        assertEquals(756, DatasheetPeak.denseTflops("NVIDIA H100 PCIe", CudaPrecision.BF16));
        assertTrue(Double.isNaN(DatasheetPeak.denseTflops("NVIDIA H100 NVL", CudaPrecision.BF16)));
        assertTrue(Double.isNaN(DatasheetPeak.denseTflops("NVIDIA A100-SXM4-80GB", CudaPrecision.BF16)));
    }
}
