package dev.vitface.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * OpenBLAS's thread count is one setting for the whole process: the engine sets it to one while
 * a backend is open and must give the caller's setting back when it closes (#13: a library
 * user's own BLAS work silently stayed single-threaded).
 */
class OpenBlasThreadsTest {

    @Test
    void closingTheLastBackendRestoresTheThreadCountItFound() {
        OpenBlas blas = OpenBlas.load();
        int original = blas.threads();
        try {
            blas.setThreads(2);
            OpenBlasBackend first = new OpenBlasBackend(1);
            assertEquals(1, blas.threads(), "single-threaded while a backend is open");
            OpenBlasBackend second = new OpenBlasBackend(1);
            first.close();
            assertEquals(1, blas.threads(), "still one while another backend is open");
            first.close(); // closing twice must not release the other backend's hold
            assertEquals(1, blas.threads());
            second.close();
            assertEquals(2, blas.threads(), "the caller's setting is back");
        } finally {
            blas.setThreads(original);
        }
    }
}
