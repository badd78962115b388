package dev.vitface.kernels;

import java.util.logging.Logger;

/**
 * Whether the Vector API ({@code jdk.incubator.vector}) is readable in this JVM. Vector kernels
 * live in classes that are only loaded when this says yes, so a JVM started without
 * {@code --add-modules jdk.incubator.vector} falls back to the scalar twins instead of failing
 * with a {@code NoClassDefFoundError}. {@code -Dvitface.vector=false} forces the scalar path.
 */
public final class VectorSupport {
    private static final Logger LOG = Logger.getLogger(VectorSupport.class.getName());
    private static final boolean AVAILABLE = detect();

    private VectorSupport() {}

    public static boolean available() {
        return AVAILABLE;
    }

    private static boolean detect() {
        if (!Boolean.parseBoolean(System.getProperty("vitface.vector", "true"))) {
            LOG.info("Vector API disabled by -Dvitface.vector=false; using scalar kernels");
            return false;
        }
        boolean readable = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (!readable) {
            LOG.warning("jdk.incubator.vector is not readable: using scalar kernels (several times slower). "
                    + "Start the JVM with --add-modules jdk.incubator.vector (bin/vitface does this).");
        }
        return readable;
    }
}
