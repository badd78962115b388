package dev.vitface.model;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every tensor the forward pass reads, as float32 segments (F32 weights are the mapped file
 * itself). Names follow transformers' {@code CLIPVisionTransformer}.
 */
public record ClipVisionWeights(
        MemorySegment patchEmbedding,       // embeddings.patch_embedding.weight [hidden, channels, patch, patch] = [hidden, patchDim]
        MemorySegment classEmbedding,       // embeddings.class_embedding [hidden]
        MemorySegment positionEmbedding,    // embeddings.position_embedding.weight [tokens, hidden]
        LayerNormWeights preLayrnorm,       // pre_layrnorm (sic: transformers' spelling)
        List<EncoderLayerWeights> layers,   // encoder.layers.0 .. N-1
        LayerNormWeights postLayernorm,     // post_layernorm, applied to the CLS token only
        Map<Task, LinearWeights> heads,     // {age,gender,race}_head [labels, hidden]
        Optional<MemorySegment> visualProjection) { // visual_projection.weight [projection_dim, hidden], unused by the heads

    public ClipVisionWeights {
        layers = List.copyOf(layers);
        heads = Map.copyOf(heads);
    }
}
