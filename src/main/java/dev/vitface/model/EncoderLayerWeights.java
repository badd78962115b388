package dev.vitface.model;

/** One pre-LN encoder layer ({@code vision_model.encoder.layers.N.*}). */
public record EncoderLayerWeights(
        LayerNormWeights layerNorm1,   // layer_norm1
        LinearWeights qProj,           // self_attn.q_proj  [hidden, hidden]
        LinearWeights kProj,           // self_attn.k_proj  [hidden, hidden]
        LinearWeights vProj,           // self_attn.v_proj  [hidden, hidden]
        LinearWeights outProj,         // self_attn.out_proj [hidden, hidden]
        LayerNormWeights layerNorm2,   // layer_norm2
        LinearWeights fc1,             // mlp.fc1 [intermediate, hidden]
        LinearWeights fc2) {}          // mlp.fc2 [hidden, intermediate]
