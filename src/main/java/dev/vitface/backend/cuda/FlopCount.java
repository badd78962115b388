package dev.vitface.backend.cuda;

import dev.vitface.model.VisionConfig;

/**
 * Floating-point operations of one image's forward pass, GEMMs only (2 per multiply-add; the
 * element-wise work is noise next to them): what a throughput figure is divided by to get the
 * fraction of a GPU's peak. ViT-L/14 at 224: about 162 GFLOP per image.
 */
final class FlopCount {
    private FlopCount() {}

    static double perImage(VisionConfig c, int labels) {
        double t = c.tokens(), h = c.hiddenSize(), i = c.intermediateSize();
        double patches = (double) c.gridSize() * c.gridSize();
        double perLayer = t * h * 3 * h   // q, k, v
                + 2 * t * t * h           // q·kᵀ and p·v over all heads
                + t * h * h               // out_proj
                + 2 * t * h * i;          // fc1, fc2
        double macs = patches * c.patchDim() * h + c.numHiddenLayers() * perLayer + h * labels;
        return 2 * macs;
    }
}
