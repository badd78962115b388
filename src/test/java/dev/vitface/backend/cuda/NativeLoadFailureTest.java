package dev.vitface.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JavaCPP's load errors turned into advice, from the messages it really produces. */
class NativeLoadFailureTest {

    /** What Loader.load(cudart.class) throws the first time on a machine without a driver. */
    private static UnsatisfiedLinkError firstAttempt(String missing) {
        UnsatisfiedLinkError cause = new UnsatisfiedLinkError("/root/.javacpp/cache/cuda-13.1-9.19-1.5.13-linux-x86_64.jar/"
                + "org/bytedeco/cuda/linux-x86_64/libjnicudart.so: " + missing + ": cannot open shared object file: No such file or directory");
        UnsatisfiedLinkError top = new UnsatisfiedLinkError("no jnicudart in java.library.path: /usr/java/packages/lib:/usr/lib64:/lib64:/lib:/usr/lib");
        top.initCause(cause);
        return top;
    }

    @Test
    void missingDriverSaysThereIsNoGpu() {
        String reason = NativeLoadFailure.describe("the CUDA runtime and driver", firstAttempt("libcuda.so.1"), List.of());
        assertEquals("libcuda.so.1 not found: no NVIDIA driver is installed on this machine, so there is no GPU to use", reason);
    }

    @Test
    void secondAttemptDoesNotNameTheLibrarySoTheCandidatesAreAskedFor() {
        // JavaCPP's second Loader.load of a failed class, as observed: the reason is gone from the text.
        NoClassDefFoundError second = new NoClassDefFoundError("Could not initialize class org.bytedeco.cuda.global.cudart");
        second.initCause(new ExceptionInInitializerError("Exception java.lang.UnsatisfiedLinkError: no jnicudart in "
                + "java.library.path: /usr/java/packages/lib:/usr/lib64:/lib64:/lib:/usr/lib [in thread \"main\"]"));
        String reason = NativeLoadFailure.describe("cuBLAS", second, List.of("libc.so.6", "libcublasLt.so.13.vitface-test"));
        assertTrue(reason.startsWith("libcublasLt.so.13.vitface-test not found: install cuBLAS for CUDA 13"), reason);
        assertTrue(reason.contains("LD_LIBRARY_PATH"), reason);
        // Every candidate present: the innermost message is all there is to say.
        String generic = NativeLoadFailure.describe("the CUDA runtime", second, List.of("libc.so.6"));
        assertTrue(generic.startsWith("the CUDA runtime could not be loaded (Exception java.lang.UnsatisfiedLinkError"), generic);
    }

    @Test
    void loadableAsksTheDynamicLinker() {
        assertTrue(NativeLoadFailure.loadable("libc.so.6"));
        assertFalse(NativeLoadFailure.loadable("libvitface-no-such-library.so.1"));
    }

    @Test
    void aLibraryInAFolderOfTheJavaLibraryPathCountsAsFound(@TempDir Path folder) throws IOException {
        String library = "libvitface-test-driver.so.1";
        assertFalse(NativeLoadFailure.findable(library));
        Files.createFile(folder.resolve(library));
        String saved = System.getProperty("java.library.path");
        try {
            System.setProperty("java.library.path", "/nonexistent" + File.pathSeparator + folder);
            assertTrue(NativeLoadFailure.findable(library));
            // So a load that failed with it there is not blamed on its absence.
            NoClassDefFoundError second = new NoClassDefFoundError("Could not initialize class org.bytedeco.cuda.global.cudart");
            String reason = NativeLoadFailure.describe("the CUDA runtime", second, List.of(library));
            assertEquals("the CUDA runtime could not be loaded (Could not initialize class org.bytedeco.cuda.global.cudart)", reason);
        } finally {
            System.setProperty("java.library.path", saved);
        }
    }

    @Test
    void eachLibraryGetsItsOwnAdvice() {
        assertTrue(NativeLoadFailure.advice("libcudart.so.13").contains("CUDA 13 runtime"));
        assertTrue(NativeLoadFailure.advice("libcublas.so.13").contains("cuBLAS"));
        assertTrue(NativeLoadFailure.advice("libnvrtc.so.13").contains("NVRTC"));
        assertTrue(NativeLoadFailure.advice("libnvrtc-builtins.so.13.1").contains("NVRTC"));
        assertTrue(NativeLoadFailure.advice("libstdc++.so.6").startsWith("libstdc++.so.6 not found: a CUDA 13 library"));
    }

    @Test
    void anUnrecognisedFailureKeepsItsInnermostMessage() {
        RuntimeException e = new RuntimeException("outer", new IllegalStateException("the real reason"));
        assertEquals("NVRTC could not be loaded (the real reason)", NativeLoadFailure.describe("NVRTC", e, List.of()));
        assertEquals("NVRTC could not be loaded (UnsatisfiedLinkError)", NativeLoadFailure.describe("NVRTC", new UnsatisfiedLinkError(), List.of()));
    }
}
