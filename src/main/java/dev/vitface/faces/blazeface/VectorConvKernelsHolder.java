package dev.vitface.faces.blazeface;

/** Loads {@link VectorConvKernels} lazily: touching it without the Vector API module would fail. */
final class VectorConvKernelsHolder {
    static final ConvKernels INSTANCE = new VectorConvKernels();

    private VectorConvKernelsHolder() {}
}
