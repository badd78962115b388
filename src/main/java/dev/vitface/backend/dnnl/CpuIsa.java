package dev.vitface.backend.dnnl;

/**
 * A {@code dnnl_cpu_isa_t} value: the instruction set oneDNN dispatches to. The values are bit
 * sets, each ISA holding the bits of those below it (dnnl_types.h), so "has BF16 instructions"
 * is a mask test: AVX-512-BF16 ({@code avx512_core_bf16}, also inside avx10_1_512 and the AMX
 * ISAs) or AVX-NE-CONVERT ({@code avx2_vnni_2}). Below those, oneDNN would emulate BF16 with
 * plain AVX-512/AVX2 and be no faster than FP32.
 */
public record CpuIsa(int code) {
    static final int AVX512_CORE_BF16 = 0xe7;
    static final int AVX2_VNNI_2 = 0x1f;
    private static final int AMX_BITS = 0xe00;

    public static CpuIsa of(int code) {
        return new CpuIsa(code);
    }

    public boolean hasBf16() {
        return (code & AVX512_CORE_BF16) == AVX512_CORE_BF16 || (code & AVX2_VNNI_2) == AVX2_VNNI_2;
    }

    /**
     * AVX-512 BF16 ({@code vdpbf16ps}: two bf16 products added into each fp32 lane, at an FMA's
     * throughput), the instruction whose peak is twice the fp32 FMA peak.
     */
    public boolean hasAvx512Bf16() {
        return (code & AVX512_CORE_BF16) == AVX512_CORE_BF16;
    }

    public boolean hasAmx() {
        return (code & AMX_BITS) == AMX_BITS;
    }

    /** oneDNN's name for it ({@code DNNL_MAX_CPU_ISA} spelling, lower case). */
    public String name() {
        return switch (code) {
            case 0x0 -> "isa_undef";
            case 0x1 -> "sse41";
            case 0x3 -> "avx";
            case 0x7 -> "avx2";
            case 0xf -> "avx2_vnni";
            case 0x1f -> "avx2_vnni_2";
            case 0x27 -> "avx512_core";
            case 0x67 -> "avx512_core_vnni";
            case 0xe7 -> "avx512_core_bf16";
            case 0x1ef -> "avx10_1_512 (avx512_core_fp16)";
            case 0xfef -> "avx10_1_512_amx (avx512_core_amx)";
            case 0x1fef -> "avx10_1_512_amx_fp16";
            case 0x201ff -> "avx10_2_512";
            case 0x22fff -> "avx10_2_512_amx_2";
            default -> String.format("isa 0x%x", code);
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
