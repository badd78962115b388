package dev.vitface.backend.cuda;

import java.util.Locale;

/**
 * Dense (no sparsity) peak TFLOP/s from NVIDIA's H100 and H200 datasheets, for the "% of peak"
 * column of {@link CudaBench}. Only the SXM parts (H100 80GB HBM3, H200) and H100 PCIe are
 * listed; any other card reports no fraction rather than a guessed one. A measured bf16 GEMM on
 * this workplace's H100 reached about 800 of the 989 (the device notes, 2026-11-13).
 */
final class DatasheetPeak {
    private DatasheetPeak() {}

    /** NaN when the card is not in the table. */
    static double denseTflops(String deviceName, CudaPrecision p) {
        String n = deviceName.toUpperCase(Locale.ROOT);
        double[] peaks; // fp32, tf32, bf16
        if (n.contains("NVL")) {
            return Double.NaN;
        } else if (n.contains("H200") || (n.contains("H100") && (n.contains("HBM3") || n.contains("SXM")))) {
            peaks = new double[] {67, 494.7, 989.4};
        } else if (n.contains("H100") && n.contains("PCIE")) {
            peaks = new double[] {51.2, 378, 756};
        } else {
            return Double.NaN;
        }
        return peaks[p.ordinal()];
    }
}
