package dev.vitface.safetensors;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The data-section rules of the reference reader ({@code Metadata::validate} in safetensors
 * {@code src/tensor.rs}): sorted by offsets, the tensors tile {@code [0, end)} with no gap and no
 * overlap, each one's byte size is product(shape) × dtype size with no overflow, and
 * {@code 8 + N + end} is the file's length.
 */
final class LayoutValidator {
    /** Offsets first (as the reference sorts), then name, so that errors are deterministic. */
    private static final Comparator<TensorInfo> FILE_ORDER = Comparator.comparingLong(TensorInfo::begin)
            .thenComparingLong(TensorInfo::end)
            .thenComparing(TensorInfo::name);

    private LayoutValidator() {}

    /**
     * @param dataStart 8 + N, where the data section begins
     * @return the tensors sorted by offset
     */
    static List<TensorInfo> validate(Path file, List<TensorInfo> tensors, long dataStart, long fileSize) {
        List<TensorInfo> sorted = new ArrayList<>(tensors);
        sorted.sort(FILE_ORDER);
        long expectedBegin = 0;
        for (TensorInfo t : sorted) {
            checkTiling(file, t, expectedBegin);
            expectedBegin = t.end();
            checkByteSize(file, t);
        }
        // fileSize >= dataStart was checked with the header length; this form cannot overflow.
        long dataBytes = fileSize - dataStart;
        if (expectedBegin != dataBytes) {
            throw new SafetensorsException(file, null, "tensor data ends at offset " + expectedBegin + " but "
                    + dataBytes + " bytes follow the header (8-byte prefix + " + (dataStart - HeaderLength.PREFIX_BYTES)
                    + "-byte header): " + (expectedBegin > dataBytes ? "the file is truncated" : "trailing bytes after the last tensor"));
        }
        return List.copyOf(sorted);
    }

    private static void checkTiling(Path file, TensorInfo t, long expectedBegin) {
        String range = "data_offsets [" + t.begin() + ", " + t.end() + ")";
        if (t.begin() > expectedBegin) {
            throw new SafetensorsException(file, t.name(), range + " leave a gap: "
                    + (expectedBegin == 0 ? "the first tensor must begin at 0"
                            : "the previous tensor ends at " + expectedBegin));
        }
        if (t.begin() < expectedBegin) {
            throw new SafetensorsException(file, t.name(), range
                    + " overlap the previous tensor, which ends at " + expectedBegin);
        }
    }

    private static void checkByteSize(Path file, TensorInfo t) {
        long needed;
        try {
            // elementCount() folds left to right from 1, as the reference does with checked_mul:
            // a zero anywhere after an overflowing prefix does not rescue it.
            needed = Math.multiplyExact(t.elementCount(), t.dtype().byteSize());
        } catch (ArithmeticException e) {
            throw new SafetensorsException(file, t.name(), "shape " + t.shapeString() + " of " + t.dtype()
                    + " overflows 64-bit arithmetic (product of the shape × dtype size)");
        }
        if (t.byteSize() != needed) {
            throw new SafetensorsException(file, t.name(), "data_offsets [" + t.begin() + ", " + t.end() + ") hold "
                    + t.byteSize() + " bytes but shape " + t.shapeString() + " of " + t.dtype() + " ("
                    + t.dtype().byteSize() + " bytes each) needs " + needed);
        }
    }
}
