package dev.floe.testing;

import java.time.Duration;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * Waiting in tests for what lands asynchronously (a commit, a history row): reads until the value is the one
 * awaited or the time is up, and returns the last value read, so that the caller's assertion names what was seen.
 */
public final class Polling
{
    /** A read that may fail as the code under test does (SQL, I/O). */
    public interface Read<T, E extends Exception>
    {
        T read()
                throws E;
    }

    private Polling() {}

    /**
     * Reads at once, then after each {@code interval} while the value is not {@code done} and {@code timeout} has
     * not passed since the first read.
     */
    public static <T, E extends Exception> T poll(Duration timeout, Duration interval, Read<T, E> read, Predicate<? super T> done)
            throws E, InterruptedException
    {
        requireNonNull(read, "read is null");
        requireNonNull(done, "done is null");
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = read.read();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(interval.toMillis());
            value = read.read();
        }
        return value;
    }
}
