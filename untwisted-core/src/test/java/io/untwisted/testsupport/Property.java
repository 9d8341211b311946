package io.untwisted.testsupport;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A small property-based test runner: runs a property over many random cases, each from a seed
 * of its own, and names the failing seed so that the case can be replayed alone.
 *
 * <p>The base seed is fixed, so every run checks the same cases and a test cannot flicker; set
 * {@code -Duntwisted.seed=N} to replay a failing case first (it becomes case 0) or to explore
 * other cases, and {@code -Duntwisted.tries=N} to run more or fewer of them.
 */
public final class Property {

    private static final long DEFAULT_SEED = 0x5EED_2026L;

    private Property() {
    }

    /** Checks {@code property} on {@code tries} random cases; it fails by throwing. */
    public static void forAll(int tries, Consumer<SplittableRandom> property) {
        long base = Long.getLong("untwisted.seed", DEFAULT_SEED);
        int count = Integer.getInteger("untwisted.tries", tries);
        for (int i = 0; i < count; i++) {
            long seed = base + i;
            try {
                property.accept(new SplittableRandom(seed));
            }
            catch (AssertionError | RuntimeException ex) {
                throw new AssertionError("property failed on case " + i + " of " + count
                        + "; replay it with -Duntwisted.seed=" + seed + ": " + ex.getMessage(), ex);
            }
        }
    }
}
