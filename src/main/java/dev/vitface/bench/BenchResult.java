package dev.vitface.bench;

/**
 * One batch size's measurement. Times are per image; GFLOP/s from the config's FLOP count.
 * {@code fractionOfCeiling} compares with the {@link Ceiling} of the same run: a large OpenBLAS
 * sgemm on the same threads for the CPU backends, a large cuBLAS GEMM in the same precision on
 * the same GPU for CUDA.
 */
public record BenchResult(String backend, String precision, String backendDescription, int threads, int batch,
                          int iterations,
                          double secondsPerImageMedian, double secondsPerImageMin, double imagesPerSecond,
                          double gflops, Ceiling ceiling, double fractionOfCeiling) {}
