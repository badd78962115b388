package dev.vitface.bench;

/**
 * One batch size's measurement. Times are per image; GFLOP/s from the config's FLOP count.
 * {@code fractionOfCeiling} compares with the {@link Ceiling} of the same run: a large OpenBLAS
 * sgemm on the same threads for the CPU backends, a large cuBLAS GEMM in the same precision on
 * the same GPU for CUDA. {@code fractionOfPeak} compares with the arithmetic {@link Peak} of the
 * same run for the row's precision on the CPU (the fp32 FMA peak, or the bf16 one); NaN for CUDA
 * rows and where there is no such peak ({@code peak} says why).
 */
public record BenchResult(String backend, String precision, String backendDescription, int threads, int batch,
                          int iterations,
                          double secondsPerImageMedian, double secondsPerImageMin, double imagesPerSecond,
                          double gflops, Ceiling ceiling, double fractionOfCeiling, Peak peak,
                          double fractionOfPeak) {}
