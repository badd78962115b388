package dev.vitface.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Where the forward pass runs, as {@code --backend} names it. */
public enum BackendKind {
    /** CUDA when a GPU and its libraries load, else {@link #CPU}, else {@link #JAVA}; logs which and why. */
    AUTO,
    /** OpenBLAS (and oneDNN for bf16) on the CPU. */
    CPU,
    /**
     * The CPU with every fp32 product on oneDNN's matmul instead of OpenBLAS (the linear layers'
     * weights reordered once at load; attention and heads on strided operands); bf16 runs as on
     * {@link #CPU}.
     */
    ONEDNN,
    /** One NVIDIA GPU. */
    CUDA,
    /** The plain-Java reference every fast path is tested against. */
    JAVA;

    /** The names {@code --backend} takes, in this order. */
    public static final List<String> NAMES = Arrays.stream(values()).map(BackendKind::cliName).toList();

    /** Parses a {@code --backend} name (any case). */
    public static BackendKind parse(String text) {
        if (text != null) {
            for (BackendKind k : values()) {
                if (k.cliName().equals(text.trim().toLowerCase(Locale.ROOT))) return k;
            }
        }
        throw new IllegalArgumentException("unknown backend '" + text + "'; expected one of " + NAMES);
    }

    /** The name {@code --backend} takes. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
