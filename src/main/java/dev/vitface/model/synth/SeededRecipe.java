package dev.vitface.model.synth;

import java.nio.charset.StandardCharsets;

/**
 * The seeded weight recipe of the golden fixtures (src/test/resources/fixtures/README.md): every value is a pure
 * function of the tensor's name and the element's flat index, so a full-size ViT-L/14 can be
 * rebuilt anywhere, bit for bit, without downloading 1.2 GB.
 */
public final class SeededRecipe {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final long seed;
    private final float base;
    private final float scale;

    private SeededRecipe(long seed, float base, float scale) {
        this.seed = seed;
        this.base = base;
        this.scale = scale;
    }

    public static SeededRecipe forTensor(String name) {
        float base = 0f;
        float scale;
        if (name.endsWith("layer_norm1.weight") || name.endsWith("layer_norm2.weight")
                || name.endsWith("pre_layrnorm.weight") || name.endsWith("post_layernorm.weight")) {
            base = 1f;
            scale = 0.1f;
        } else if (name.endsWith(".bias")) {
            scale = 0.02f;
        } else if (name.endsWith("class_embedding")) {
            scale = 0.1f;
        } else if (name.endsWith("position_embedding.weight") || name.endsWith("patch_embedding.weight")
                || name.endsWith("_head.weight")) {
            scale = 0.05f;
        } else {
            scale = 0.03f;
        }
        return new SeededRecipe(fnv1a64(name), base, scale);
    }

    /** Value of flat element {@code i}. */
    public float value(long i) {
        long z = splitmix64(seed + i);
        // Top 24 bits as a float in [-1, 1): exactly representable, so the float32 cast is exact.
        float u = (float) ((z >>> 40) * 0x1p-24 * 2 - 1);
        float scaled = scale * u;
        return base == 0f ? scaled : base + scaled;
    }

    /** Fills {@code out[0..n)} with the values of elements {@code first .. first+n-1}. */
    public void fill(long first, float[] out, int n) {
        for (int k = 0; k < n; k++) out[k] = value(first + k);
    }

    static long fnv1a64(String name) {
        long h = FNV_OFFSET;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= FNV_PRIME;
        }
        return h;
    }

    static long splitmix64(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
