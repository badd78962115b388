package dev.vitface.forward.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.backend.Precision;
import dev.vitface.backend.cuda.AttentionOffsets;
import dev.vitface.backend.cuda.CublasPrecision;
import dev.vitface.model.VisionConfig;
import org.junit.jupiter.api.Test;

class WorkspacePlanTest {
    static final VisionConfig L14 = new VisionConfig(1024, 4096, 24, 16, 14, 224, 3, 1e-5f, 768);

    @Test
    void vitL14AtBatch256InBf16() {
        WorkspacePlan p = new WorkspacePlan(L14, 256, CublasPrecision.of(Precision.BF16), 18);
        long rows = 256L * 257;
        assertEquals(256L * 3 * 224 * 224 * 4, p.pixels);
        assertEquals(256L * 256 * 588 * 2, p.patches);
        assertEquals(rows * 1024 * 4, p.hidden);
        assertEquals(rows * 1024 * 2, p.normed);
        assertEquals(rows * 3072 * 2, p.qkv);
        assertEquals(264, p.scoreStride); // 257 padded to a multiple of 8: BF16 score rows 16-byte aligned
        assertEquals(256L * 16 * 257 * 264 * 4, p.scores);
        assertEquals(256L * 16 * 257 * 264 * 2, p.probs);
        assertEquals(rows * 4096 * 2, p.mlp);
        assertEquals(rows * 1024 * 4, p.projected);
        assertEquals(6L * 256 * 16 * 8, p.attentionPointers);
        // 3.4 GiB: fits an 80 GB H100 many times over, beside 1.8 GB of weights.
        assertEquals(3_685_107_712L, p.total());
    }

    @Test
    void scoreRowsArePaddedToAMultipleOf8() {
        assertEquals(8, AttentionOffsets.scoreRowStride(1));
        assertEquals(24, AttentionOffsets.scoreRowStride(17)); // the tiny model
        assertEquals(256, AttentionOffsets.scoreRowStride(256));
        assertEquals(264, AttentionOffsets.scoreRowStride(257));
        assertThrows(IllegalArgumentException.class, () -> AttentionOffsets.scoreRowStride(0));
    }

    @Test
    void fp32AndTf32KeepEveryBufferInFp32() {
        for (CublasPrecision precision : new CublasPrecision[] {CublasPrecision.of(Precision.FP32), CublasPrecision.of(Precision.TF32)}) {
            WorkspacePlan p = new WorkspacePlan(L14, 32, precision, 18);
            assertEquals(0, p.probs); // softmax in place in the scores
            assertEquals(32L * 257 * 1024 * 4, p.normed);
            assertEquals(32L * 257 * 3072 * 4, p.qkv);
            assertEquals(32L * 257 * 4096 * 4, p.mlp);
        }
    }

    @Test
    void badBatchesAreRefusedBeforeAnyAllocation() {
        assertThrows(IllegalArgumentException.class, () -> new WorkspacePlan(L14, 0, CublasPrecision.of(Precision.FP32), 18));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WorkspacePlan(L14, Integer.MAX_VALUE, CublasPrecision.of(Precision.FP32), 18));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WorkspacePlan(L14, 1, CublasPrecision.of(Precision.FP32), 0));
    }
}
