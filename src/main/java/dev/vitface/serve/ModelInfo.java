package dev.vitface.serve;

/**
 * The {@code "model"} block of every answer.
 *
 * @param name      the model directory's name
 * @param sha256    of its {@code model.safetensors}, hex
 * @param backend   cpu, java or cuda
 * @param precision fp32, tf32 or bf16
 */
public record ModelInfo(String name, String sha256, String backend, String precision) {
}
