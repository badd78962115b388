package dev.vitface.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The launcher refuses a wrong argument list before anything native happens (no modules, no stream here). */
class KernelLauncherTest {
    private final AddressPointer p = new AddressPointer(0x1000);

    @Test
    void wrongKindIsRefusedNamingKernelAndPosition() {
        try (KernelLauncher launcher = new KernelLauncher(null, null, false)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> launcher.start(Kernel.ADD_BIAS_F32).ptr(p).i32(7));
            assertEquals("add_bias_f32 argument 1 must be of kind 'p', got 'i'", e.getMessage());
        }
    }

    @Test
    void missingOrExtraArgumentsAreRefused() {
        try (KernelLauncher launcher = new KernelLauncher(null, null, false)) {
            IllegalStateException few = assertThrows(IllegalStateException.class,
                    () -> launcher.start(Kernel.SOFTMAX_F32).ptr(p).ptr(p).i64(10).launch(LaunchGrid.warpPerRow(10)));
            assertEquals("softmax_f32 takes 5 arguments, got 3", few.getMessage());
            assertThrows(IllegalStateException.class,
                    () -> launcher.start(Kernel.F32_TO_BF16).ptr(p).ptr(p).i64(1).i32(2));
        }
    }

    @Test
    void argumentsOutsideAStartedLaunchAreRefused() {
        try (KernelLauncher launcher = new KernelLauncher(null, null, false)) {
            assertThrows(IllegalStateException.class, () -> launcher.i32(1));
            assertThrows(IllegalStateException.class, () -> launcher.launch(LaunchGrid.elementwise(1)));
        }
    }

    @Test
    void noKernelTakesMoreParametersThanTheLauncherHasSlots() {
        for (Kernel k : Kernel.values()) {
            org.junit.jupiter.api.Assertions.assertTrue(k.parameters().length() <= KernelLauncher.MAX_PARAMETERS, k.symbol());
        }
    }
}
