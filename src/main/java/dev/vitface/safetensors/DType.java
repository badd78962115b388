package dev.vitface.safetensors;

import java.util.Optional;

/**
 * Element types of the safetensors format, spelled as in the header's {@code "dtype"} field.
 * The set is the reference reader's {@code Dtype} enum (safetensors {@code src/tensor.rs}); any
 * other spelling is rejected, as the reference does.
 */
public enum DType {
    BOOL(1),
    U8(1),
    I8(1),
    U16(2),
    I16(2),
    F16(2),
    BF16(2),
    U32(4),
    I32(4),
    F32(4),
    U64(8),
    I64(8),
    F64(8),
    F8_E4M3(1),
    F8_E5M2(1);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The dtype whose header spelling is exactly {@code headerName} (case-sensitive). */
    public static Optional<DType> fromName(String headerName) {
        for (DType d : values()) {
            if (d.name().equals(headerName)) return Optional.of(d);
        }
        return Optional.empty();
    }
}
