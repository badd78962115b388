package dev.vitface.forward;

import dev.vitface.model.Task;
import java.util.List;
import java.util.Map;

/**
 * What one forward pass returns, per image of the batch, row-major.
 *
 * @param pooler       {@code [B, hidden]} post_layernorm of the CLS token
 * @param logits       per task {@code [B, labels]}
 * @param hiddenStates when asked for: {@code hidden_states.k} as {@code [B, tokens, hidden]},
 *                     k = 0 (pre_layrnorm output) … layers; else empty
 */
public record ForwardOutput(int batch, float[] pooler, Map<Task, float[]> logits, List<float[]> hiddenStates) {
    public ForwardOutput {
        logits = Map.copyOf(logits);
        hiddenStates = List.copyOf(hiddenStates);
    }
}
