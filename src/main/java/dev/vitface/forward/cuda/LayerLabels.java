package dev.vitface.forward.cuda;

/** What one encoder layer's GEMMs are called in error messages, e.g. "fc1, layer 3". */
record LayerLabels(String qkv, String scores, String context, String outProj, String fc1, String fc2) {

    static LayerLabels of(int layer) {
        String at = ", layer " + layer;
        return new LayerLabels("qkv_proj" + at, "q·kᵀ" + at, "p·v" + at, "out_proj" + at, "fc1" + at, "fc2" + at);
    }
}
