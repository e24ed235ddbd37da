package dev.floe.access.spi;

import com.google.common.hash.Hashing;
import dev.floe.access.evaluation.PolicyEvaluator;
import dev.floe.access.load.PolicyException;
import dev.floe.access.load.PolicyLoader;
import dev.floe.access.policy.Policy;
import io.airlift.log.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * The active policy. The file is loaded at start (an invalid file stops the server: fail closed) and then
 * checked every refresh period; a changed file that fails validation is rejected, logged and counted, and the
 * last good version stays active. With a version file, each version that becomes active is written to it once it
 * is enforced, so that a reader of the file that sees a version knows that version already decides queries.
 */
public final class PolicyStore
        implements AutoCloseable
{
    private static final Logger log = Logger.get(PolicyStore.class);

    public record Status(Policy policy, long reloads, long failedReloads, long versionFileFailures, Optional<String> lastError, Optional<Instant> lastErrorTime) {}

    private final Path file;
    private final PolicyLoader loader;
    private final long cacheSize;
    private final Optional<PolicyVersionFile> versionFile;
    private final AtomicReference<PolicyEvaluator> current = new AtomicReference<>();
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong failedReloads = new AtomicLong();
    private final AtomicLong versionFileFailures = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicReference<Instant> lastErrorTime = new AtomicReference<>();
    private final AtomicReference<String> lastRejectedHash = new AtomicReference<>();
    private final ScheduledExecutorService executor;
    private final ResultCacheSafety cacheSafety = new ResultCacheSafety();
    // why results computed under the active version must not be reused (then the version file is left empty)
    private final AtomicReference<Optional<String>> cacheObstacle = new AtomicReference<>(Optional.empty());
    // guarded by this: what the version file holds, null until written
    private String writtenVersion;

    public PolicyStore(Path file, PolicyLoader loader, long cacheSize, io.airlift.units.Duration refreshPeriod, Optional<PolicyVersionFile> versionFile)
    {
        this.file = requireNonNull(file, "file is null");
        this.loader = requireNonNull(loader, "loader is null");
        this.cacheSize = cacheSize;
        this.versionFile = requireNonNull(versionFile, "versionFile is null");
        byte[] bytes = read().orElseThrow(() -> new PolicyException(file.toString(), List.of(file + ": cannot read the policy file")));
        install(loader.parse(file.toString(), bytes));
        log.info("Loaded access policy %s version %s", file, current.get().policy().version());
        synchronized (this) {
            publishVersion();
        }
        if (refreshPeriod.toMillis() > 0) {
            executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "floe-policy-reload");
                thread.setDaemon(true);
                return thread;
            });
            executor.scheduleWithFixedDelay(this::refresh, refreshPeriod.toMillis(), refreshPeriod.toMillis(), TimeUnit.MILLISECONDS);
        }
        else {
            executor = null;
        }
    }

    public PolicyEvaluator evaluator()
    {
        return current.get();
    }

    public Status status()
    {
        return new Status(current.get().policy(), reloads.get(), failedReloads.get(), versionFileFailures.get(), Optional.ofNullable(lastError.get()), Optional.ofNullable(lastErrorTime.get()));
    }

    /**
     * Loads the file if it changed since the active or the last rejected version; writes the version file if it
     * does not hold the active version yet (a failed write is retried here).
     *
     * @return whether a new version became active
     */
    public synchronized boolean refresh()
    {
        try {
            return reload();
        }
        finally {
            publishVersion();
        }
    }

    // guarded by this
    private boolean reload()
    {
        try {
            Optional<byte[]> bytes = read();
            if (bytes.isEmpty()) {
                reject("cannot read %s; keeping policy version %s".formatted(file, current.get().policy().version()), null);
                return false;
            }
            String hash = hash(bytes.get());
            if (hash.equals(current.get().policy().version()) || hash.equals(lastRejectedHash.get())) {
                return false;
            }
            try {
                Policy policy = loader.parse(file.toString(), bytes.get());
                // emptied first: a result cache that saw the old version when a query started finds another one
                // when it would store the result, whichever version the query was checked under
                writeVersion("");
                install(policy);
                reloads.incrementAndGet();
                log.info("Reloaded access policy %s: version %s is active", file, hash);
                return true;
            }
            catch (PolicyException e) {
                reject("rejected a new version of the policy; version %s stays active. %s".formatted(current.get().policy().version(), e.getMessage()), hash);
                return false;
            }
        }
        catch (RuntimeException e) {
            reject("reloading %s failed: %s".formatted(file, e), null);
            return false;
        }
    }

    private void reject(String message, String hash)
    {
        failedReloads.incrementAndGet();
        lastError.set(message);
        lastErrorTime.set(Instant.now());
        if (hash != null) {
            lastRejectedHash.set(hash);
        }
        log.error("%s", message);
    }

    /**
     * After the evaluator is installed: whoever reads version V from the file finds V enforced. Empty when results
     * computed under the version must not be reused (see {@link ResultCacheSafety}).
     */
    // guarded by this
    private void publishVersion()
    {
        if (versionFile.isEmpty()) {
            return;
        }
        String version = current.get().policy().version();
        Optional<String> obstacle = cacheObstacle.get();
        String published = obstacle.isPresent() ? "" : version;
        if (published.equals(writtenVersion)) {
            return;
        }
        if (obstacle.isPresent()) {
            log.info("Policy version %s is not published to %s, so no result cache reuses results under it: %s", version, versionFile.get().file(), obstacle.get());
        }
        writeVersion(published);
    }

    // guarded by this
    private void writeVersion(String version)
    {
        if (versionFile.isEmpty() || version.equals(writtenVersion)) {
            return;
        }
        try {
            versionFile.get().write(version);
            writtenVersion = version;
        }
        catch (IOException | RuntimeException e) {
            // queries go on under the active version; the next refresh tries again
            versionFileFailures.incrementAndGet();
            String message = "cannot write policy version %s to %s: %s".formatted(version.isEmpty() ? "(none)" : version, versionFile.get().file(), e);
            lastError.set(message);
            lastErrorTime.set(Instant.now());
            log.error(e, "%s", message);
        }
    }

    private void install(Policy policy)
    {
        cacheObstacle.set(cacheSafety.obstacle(policy));
        current.set(new PolicyEvaluator(policy, cacheSize));
        lastRejectedHash.set(null);
    }

    private Optional<byte[]> read()
    {
        try {
            return Optional.of(Files.readAllBytes(file));
        }
        catch (IOException e) {
            return Optional.empty();
        }
    }

    // the same digest PolicyLoader gives a policy as its version
    private static String hash(byte[] bytes)
    {
        return Hashing.sha256().hashBytes(bytes).toString();
    }

    @Override
    public void close()
    {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
