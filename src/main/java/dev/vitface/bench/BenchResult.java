package dev.vitface.bench;

/**
 * One batch size's measurement. Times are per image; GFLOP/s from the config's FLOP count.
 * {@code fractionOfSgemm} compares with a large sgemm measured in the same run on the same threads.
 */
public record BenchResult(String backend, String precision, String backendDescription, int threads, int batch,
                          int iterations,
                          double secondsPerImageMedian, double secondsPerImageMin, double imagesPerSecond,
                          double gflops, double sgemmGflops, double fractionOfSgemm) {}
