package dev.vitface.forward.cpu;

import dev.vitface.backend.Backend;
import dev.vitface.backend.PreparedLinear;
import dev.vitface.model.EncoderLayerWeights;
import dev.vitface.model.LinearWeights;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * One encoder layer's weights plus its products made ready for the backend: q, k, v (in the
 * order they sit side by side in the qkv buffer) with their biases, out_proj, fc1, fc2.
 */
record PreparedLayer(EncoderLayerWeights w, List<PreparedLinear> qkv, List<MemorySegment> qkvBias,
                     PreparedLinear out, PreparedLinear fc1, PreparedLinear fc2) {

    static PreparedLayer of(EncoderLayerWeights w, Backend backend) {
        return new PreparedLayer(w,
                List.of(prepare(w.qProj(), backend), prepare(w.kProj(), backend), prepare(w.vProj(), backend)),
                List.of(w.qProj().bias(), w.kProj().bias(), w.vProj().bias()),
                prepare(w.outProj(), backend), prepare(w.fc1(), backend), prepare(w.fc2(), backend));
    }

    private static PreparedLinear prepare(LinearWeights w, Backend backend) {
        return backend.prepareLinear(w.weight(), w.out(), w.in());
    }

    boolean appliesFeatureMajor() {
        return qkv.stream().allMatch(PreparedLinear::appliesFeatureMajor) && out.appliesFeatureMajor()
                && fc1.appliesFeatureMajor() && fc2.appliesFeatureMajor();
    }
}
