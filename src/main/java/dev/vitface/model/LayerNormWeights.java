package dev.vitface.model;

import java.lang.foreign.MemorySegment;

/** A LayerNorm's affine parameters: weight (gamma) and bias (beta), both {@code [hidden]}. */
public record LayerNormWeights(MemorySegment weight, MemorySegment bias) {}
