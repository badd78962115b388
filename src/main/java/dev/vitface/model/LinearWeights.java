package dev.vitface.model;

import java.lang.foreign.MemorySegment;

/** An {@code nn.Linear}: weight {@code [out, in]} row-major, bias {@code [out]}; {@code y = x·Wᵀ + b}. */
public record LinearWeights(MemorySegment weight, MemorySegment bias, int out, int in) {}
