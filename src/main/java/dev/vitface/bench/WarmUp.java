package dev.vitface.bench;

/**
 * Untimed forwards before the timed ones: at least {@code forwards} of them, and at least {@code
 * seconds} of them. The seconds are what reaches a steady speed: at one image per forward vitface
 * ran its first ~10 forwards 2-9 % slower than the later ones on ViT-L/14 (the JIT compiles the
 * per-head attention calls after ~5000 of them, 384 a forward; docs/PERFORMANCE.md), while two
 * forwards of 8 images already cover as many calls. A time, unlike a count, holds every engine
 * that {@code bench/compare.sh} runs to the same rule.
 */
public record WarmUp(int forwards, double seconds) {
    /** What {@code vitface bench} and the engines of {@code bench/compare.sh} run by default. */
    public static final int DEFAULT_FORWARDS = 2;
    public static final int DEFAULT_SECONDS = 8;

    public WarmUp {
        if (forwards < 0 || !(seconds >= 0)) throw new IllegalArgumentException("warm-up " + forwards + " forwards, " + seconds + " s");
    }

    /** One untimed forward, of whichever engine. */
    @FunctionalInterface
    public interface Forward<E extends Exception> {
        void run() throws E;
    }

    /** Runs {@code forward} until both minimums are met. */
    public <E extends Exception> void run(Forward<E> forward) throws E {
        long start = System.nanoTime();
        for (int done = 0; another(done, start, System.nanoTime()); done++) forward.run();
    }

    /** Whether to run another untimed forward, {@code done} having run since {@code startNanos}. */
    public boolean another(int done, long startNanos, long nowNanos) {
        return done < forwards || (nowNanos - startNanos) * 1e-9 < seconds;
    }
}
