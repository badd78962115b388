package dev.vitface.backend.dnnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.bytedeco.dnnl.global.dnnl;
import org.junit.jupiter.api.Test;

/** The FFM binding: its C constants against the preset's, the ISA decoding, and checked statuses. */
class OneDnnTest {

    @Test
    void constantsMatchThePresets() {
        // Compile-time constants of the JavaCPP preset: inlined, so its natives are never loaded here.
        assertEquals(dnnl.dnnl_success, OneDnn.SUCCESS);
        assertEquals(dnnl.dnnl_cpu, OneDnn.ENGINE_CPU);
        assertEquals(dnnl.dnnl_stream_default_flags, OneDnn.STREAM_DEFAULT_FLAGS);
        assertEquals(dnnl.dnnl_bf16, OneDnn.BF16);
        assertEquals(dnnl.dnnl_f32, OneDnn.F32);
        assertEquals(dnnl.dnnl_format_tag_any, OneDnn.FORMAT_ANY);
        assertEquals(dnnl.dnnl_ab, OneDnn.TAG_AB);
        assertEquals(dnnl.dnnl_ba, OneDnn.TAG_BA);
        assertEquals(dnnl.dnnl_scratchpad_mode_user, OneDnn.SCRATCHPAD_USER);
        assertEquals(dnnl.DNNL_ARG_SRC, OneDnn.ARG_SRC);
        assertEquals(dnnl.DNNL_ARG_DST, OneDnn.ARG_DST);
        assertEquals(dnnl.DNNL_ARG_WEIGHTS, OneDnn.ARG_WEIGHTS);
        assertEquals(dnnl.DNNL_ARG_SCRATCHPAD, OneDnn.ARG_SCRATCHPAD);
        assertEquals(dnnl.dnnl_forward_inference, OneDnn.FORWARD_INFERENCE);
        assertEquals(dnnl.dnnl_softmax_accurate, OneDnn.SOFTMAX_ACCURATE);
        assertEquals(dnnl.dnnl_query_impl_info_str, OneDnn.QUERY_IMPL_INFO_STR);
        assertEquals(dnnl.dnnl_query_weights_md, OneDnn.QUERY_WEIGHTS_MD);
        assertEquals(dnnl.dnnl_query_scratchpad_md, OneDnn.QUERY_SCRATCHPAD_MD);
        assertEquals(dnnl.dnnl_cpu_isa_avx512_core_bf16, CpuIsa.AVX512_CORE_BF16);
        assertEquals(dnnl.dnnl_cpu_isa_avx2_vnni_2, CpuIsa.AVX2_VNNI_2);
        assertEquals(16, OneDnn.EXEC_ARG.byteSize());
    }

    @Test
    void isaBitSetsSayWhichHaveBf16() {
        assertFalse(CpuIsa.of(dnnl.dnnl_cpu_isa_avx2).hasBf16());
        assertFalse(CpuIsa.of(dnnl.dnnl_cpu_isa_avx512_core).hasBf16());
        assertFalse(CpuIsa.of(dnnl.dnnl_cpu_isa_avx512_core_vnni).hasBf16());
        assertTrue(CpuIsa.of(dnnl.dnnl_cpu_isa_avx2_vnni_2).hasBf16());
        assertTrue(CpuIsa.of(dnnl.dnnl_cpu_isa_avx512_core_bf16).hasBf16());
        assertTrue(CpuIsa.of(dnnl.dnnl_cpu_isa_avx10_1_512).hasBf16());
        assertTrue(CpuIsa.of(dnnl.dnnl_cpu_isa_avx10_1_512_amx).hasBf16());
        assertTrue(CpuIsa.of(dnnl.dnnl_cpu_isa_avx10_1_512_amx).hasAmx());
        assertFalse(CpuIsa.of(dnnl.dnnl_cpu_isa_avx512_core_bf16).hasAmx());
        assertEquals("avx512_core_bf16", CpuIsa.of(dnnl.dnnl_cpu_isa_avx512_core_bf16).name());
    }

    @Test
    void aFailingCallThrowsNamingTheCallAndTheStatus() {
        OneDnn lib = OneDnn.load();
        assertTrue(lib.version().startsWith("3.11"), lib.version());
        MemorySegment engine = lib.createCpuEngine();
        MemorySegment src = lib.memoryDesc(4, 8, OneDnn.F32, OneDnn.TAG_AB);
        MemorySegment weights = lib.memoryDesc(9, 2, OneDnn.F32, OneDnn.TAG_AB); // K 9 != 8
        MemorySegment dst = lib.memoryDesc(4, 2, OneDnn.F32, OneDnn.TAG_AB);
        MemorySegment attr = lib.createAttr();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> lib.matmulDesc(engine, src, weights, MemorySegment.NULL, dst, attr));
            assertEquals("dnnl_matmul_primitive_desc_create failed: dnnl_invalid_arguments", e.getMessage());
        } finally {
            lib.destroyAttr(attr);
            for (MemorySegment md : new MemorySegment[] {src, weights, dst}) lib.destroyMemoryDesc(md);
            lib.destroyEngine(engine);
        }
    }

    @Test
    void ompTeamSizeIsPerThread() throws InterruptedException {
        OneDnn lib = OneDnn.load();
        int processDefault = onNewThread(lib::ompMaxThreads);
        int afterSetting = onNewThread(() -> {
            lib.setOmpThreads(1);
            return lib.ompMaxThreads();
        });
        assertEquals(1, afterSetting);
        assertEquals(processDefault, onNewThread(lib::ompMaxThreads), "other threads keep the process default");
    }

    private static int onNewThread(java.util.function.IntSupplier body) throws InterruptedException {
        int[] result = new int[1];
        Thread t = new Thread(() -> result[0] = body.getAsInt());
        t.start();
        t.join();
        return result[0];
    }
}
