package dev.vitface.model;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;

/**
 * Every tensor the forward pass reads, as float32 segments (F32 weights are the mapped file
 * itself). Names follow transformers' {@code CLIPVisionTransformer}. {@link WeightBinder} checks
 * a checkpoint's tensors as it binds them; a record built any other way is checked by
 * {@link #checkSizes} before a forward pass reads it.
 */
public record ClipVisionWeights(
        MemorySegment patchEmbedding,       // embeddings.patch_embedding.weight [hidden, channels, patch, patch] = [hidden, patchDim]
        MemorySegment classEmbedding,       // embeddings.class_embedding [hidden]
        MemorySegment positionEmbedding,    // embeddings.position_embedding.weight [tokens, hidden]
        LayerNormWeights preLayrnorm,       // pre_layrnorm (sic: transformers' spelling)
        List<EncoderLayerWeights> layers,   // encoder.layers.0 .. N-1
        LayerNormWeights postLayernorm,     // post_layernorm, applied to the CLS token only
        Map<Task, LinearWeights> heads) {   // {age,gender,race}_head [labels, hidden]

    public ClipVisionWeights {
        layers = List.copyOf(layers);
        heads = Map.copyOf(heads);
    }

    /**
     * Checks every tensor's extent against {@code c}: a forward pass hands these segments to
     * native code (cblas, cudaMemcpy), and a short one would be read past its end.
     *
     * @throws IllegalArgumentException naming the first tensor that does not fit, or a model without heads
     */
    public void checkSizes(VisionConfig c) {
        long h = c.hiddenSize();
        expect("embeddings.patch_embedding.weight", patchEmbedding, h * c.patchDim());
        expect("embeddings.class_embedding", classEmbedding, h);
        expect("embeddings.position_embedding.weight", positionEmbedding, (long) c.tokens() * h);
        expectNorm("pre_layrnorm", preLayrnorm, h);
        expectNorm("post_layernorm", postLayernorm, h);
        if (layers.size() != c.numHiddenLayers()) {
            throw new IllegalArgumentException("config has " + c.numHiddenLayers() + " layers, weights have " + layers.size());
        }
        for (int i = 0; i < layers.size(); i++) {
            EncoderLayerWeights l = layers.get(i);
            String p = "encoder.layers." + i + ".";
            expectNorm(p + "layer_norm1", l.layerNorm1(), h);
            expectNorm(p + "layer_norm2", l.layerNorm2(), h);
            expectLinear(p + "self_attn.q_proj", l.qProj(), c.hiddenSize(), c.hiddenSize());
            expectLinear(p + "self_attn.k_proj", l.kProj(), c.hiddenSize(), c.hiddenSize());
            expectLinear(p + "self_attn.v_proj", l.vProj(), c.hiddenSize(), c.hiddenSize());
            expectLinear(p + "self_attn.out_proj", l.outProj(), c.hiddenSize(), c.hiddenSize());
            expectLinear(p + "mlp.fc1", l.fc1(), c.intermediateSize(), c.hiddenSize());
            expectLinear(p + "mlp.fc2", l.fc2(), c.hiddenSize(), c.intermediateSize());
        }
        if (heads.isEmpty()) throw new IllegalArgumentException("the model has no classification head");
        for (Map.Entry<Task, LinearWeights> e : heads.entrySet()) {
            expectLinear(e.getKey().key() + "_head", e.getValue(), e.getValue().out(), c.hiddenSize());
        }
    }

    private static void expect(String name, MemorySegment s, long floats) {
        if (s.byteSize() != floats * Float.BYTES) {
            throw new IllegalArgumentException(name + ": expected " + floats + " F32 values (" + floats * Float.BYTES
                    + " bytes), found " + s.byteSize() + " bytes");
        }
    }

    private static void expectNorm(String name, LayerNormWeights n, long hidden) {
        expect(name + ".weight", n.weight(), hidden);
        expect(name + ".bias", n.bias(), hidden);
    }

    private static void expectLinear(String name, LinearWeights l, int out, int in) {
        if (l.out() != out || l.in() != in) {
            throw new IllegalArgumentException(name + ": expected [" + out + ", " + in + "], found [" + l.out() + ", " + l.in() + "]");
        }
        expect(name + ".weight", l.weight(), (long) out * in);
        expect(name + ".bias", l.bias(), out);
    }
}
