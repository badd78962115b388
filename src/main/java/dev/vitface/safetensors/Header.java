package dev.vitface.safetensors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed header: the {@code __metadata__} map (in file order) and the tensor entries in file order. */
record Header(Map<String, String> metadata, List<TensorInfo> tensors) {
    Header {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        tensors = List.copyOf(tensors);
    }
}
