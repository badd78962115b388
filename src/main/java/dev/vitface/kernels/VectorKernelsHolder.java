package dev.vitface.kernels;

/** Loads {@link VectorKernels} lazily: touching it without the Vector API module would fail. */
final class VectorKernelsHolder {
    static final Kernels INSTANCE = new VectorKernels();
    /** {@link LaneKernels} of the vector kernels' width. */
    static final Kernels LANES = new LaneKernels(VectorKernels.LANES);

    private VectorKernelsHolder() {}
}
