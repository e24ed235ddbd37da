package dev.floe.access.spi;

import com.google.common.hash.Hashing;
import dev.floe.access.condition.ConditionCompiler;
import dev.floe.access.evaluation.PolicyEvaluator;
import dev.floe.access.evaluation.RequestInfo;
import dev.floe.access.load.PolicyException;
import dev.floe.access.load.PolicyLoader;
import dev.floe.access.policy.Privilege;
import dev.floe.access.policy.ResourceName;
import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestPolicyStore
{
    private static final PolicyLoader LOADER = new PolicyLoader(new ConditionCompiler());
    private static final Duration NO_REFRESH = new Duration(0, TimeUnit.SECONDS);

    @TempDir
    private Path directory;

    @Test
    void invalidFileFailsTheStart()
            throws IOException
    {
        Path file = install("v2-broken.yaml");
        assertThatThrownBy(() -> new PolicyStore(file, LOADER, 1000, NO_REFRESH, Optional.empty()))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining(file + ":9: rule 'read-crm': unknown privilege 'SELEKT'");
        Path missing = directory.resolve("missing.yaml");
        assertThatThrownBy(() -> new PolicyStore(missing, LOADER, 1000, NO_REFRESH, Optional.empty()))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining(missing + ": cannot read the policy file");
    }

    @Test
    void reloadKeepsTheLastGoodVersion()
            throws IOException
    {
        Path file = install("v1.yaml");
        try (PolicyStore store = new PolicyStore(file, LOADER, 1000, NO_REFRESH, Optional.empty())) {
            assertThat(version(store)).isEqualTo(digest("v1.yaml"));
            assertThat(readsSales(store)).isTrue();
            assertThat(store.refresh()).as("unchanged").isFalse();
            assertThat(store.status().reloads()).isZero();

            install("v2.yaml");
            PolicyEvaluator before = store.evaluator();
            assertThat(store.refresh()).isTrue();
            assertThat(version(store)).isEqualTo(digest("v2.yaml"));
            assertThat(store.evaluator()).isNotSameAs(before);
            assertThat(readsSales(store)).isFalse();
            assertThat(readsCrm(store)).isTrue();
            assertThat(store.status().reloads()).isEqualTo(1);
            assertThat(store.status().lastError()).isEmpty();

            install("v2-broken.yaml");
            assertThat(store.refresh()).isFalse();
            assertThat(version(store)).isEqualTo(digest("v2.yaml"));
            assertThat(readsCrm(store)).isTrue();
            PolicyStore.Status status = store.status();
            assertThat(status.failedReloads()).isEqualTo(1);
            assertThat(status.lastError().orElseThrow())
                    .contains("version " + digest("v2.yaml") + " stays active")
                    .contains(file + ":9: rule 'read-crm': unknown privilege 'SELEKT'");
            assertThat(status.lastErrorTime()).isPresent();
            // a rejected version is rejected once, not at every check
            assertThat(store.refresh()).isFalse();
            assertThat(store.status().failedReloads()).isEqualTo(1);

            install("v1.yaml");
            assertThat(store.refresh()).isTrue();
            assertThat(version(store)).isEqualTo(digest("v1.yaml"));
            assertThat(readsSales(store)).isTrue();
            assertThat(store.status().reloads()).isEqualTo(2);

            Files.delete(file);
            assertThat(store.refresh()).isFalse();
            assertThat(version(store)).isEqualTo(digest("v1.yaml"));
            assertThat(readsSales(store)).isTrue();
            assertThat(store.status().failedReloads()).isEqualTo(2);
            assertThat(store.status().lastError().orElseThrow()).startsWith("cannot read " + file);

            // back again after the outage; the same bytes are the same version, nothing to reload
            install("v1.yaml");
            assertThat(store.refresh()).isFalse();
            install("v2.yaml");
            assertThat(store.refresh()).isTrue();
        }
    }

    @Test
    void versionFileHoldsTheActiveVersion()
            throws IOException
    {
        Path file = install("v1.yaml");
        Path versionFile = directory.resolve("state/policy-version");
        try (PolicyStore store = new PolicyStore(file, LOADER, 1000, NO_REFRESH, Optional.of(new PolicyVersionFile(versionFile)))) {
            assertThat(Files.readString(versionFile)).isEqualTo(digest("v1.yaml") + "\n");

            install("v2.yaml");
            assertThat(store.refresh()).isTrue();
            assertThat(Files.readString(versionFile)).isEqualTo(digest("v2.yaml") + "\n");

            install("v2-broken.yaml");
            assertThat(store.refresh()).isFalse();
            assertThat(Files.readString(versionFile)).isEqualTo(digest("v2.yaml") + "\n");
            assertThat(store.status().versionFileFailures()).isZero();
            try (Stream<Path> files = Files.list(versionFile.getParent())) {
                assertThat(files).containsExactly(versionFile);
            }
        }
    }

    @Test
    void noVersionIsPublishedWhileResultsMustNotBeReused()
            throws IOException
    {
        Path file = install("v1.yaml");
        Path versionFile = directory.resolve("state/policy-version");
        String v1 = Files.readString(file);
        try (PolicyStore store = new PolicyStore(file, LOADER, 1000, NO_REFRESH, Optional.of(new PolicyVersionFile(versionFile)))) {
            assertThat(Files.readString(versionFile)).isEqualTo(digest("v1.yaml") + "\n");

            // decided by the time of day: a result of the morning is no answer in the evening
            Files.writeString(file, v1.replace("    on: lakehouse.sales", "    on: lakehouse.sales\n    when: 'request.time.getHours(\"UTC\") < 18'"));
            assertThat(store.refresh()).isTrue();
            assertThat(Files.readString(versionFile)).isEqualTo("\n");

            Files.writeString(file, v1);
            assertThat(store.refresh()).isTrue();
            assertThat(Files.readString(versionFile)).isEqualTo(digest("v1.yaml") + "\n");

            // a row filter that reads the clock
            Files.writeString(file, v1 + """
                    row_filters:
                      - name: recent-sales
                        roles: [reader]
                        on: lakehouse.sales.orders
                        filter: orderdate > current_date - INTERVAL '30' DAY
                    """);
            assertThat(store.refresh()).isTrue();
            assertThat(Files.readString(versionFile)).isEqualTo("\n");
            assertThat(store.status().versionFileFailures()).isZero();
        }
    }

    @Test
    void versionFileThatCannotBeWrittenIsCountedAndRetried()
            throws IOException
    {
        Path file = install("v1.yaml");
        // a regular file where the version file's directory should be
        Path blocked = Files.writeString(directory.resolve("state"), "");
        Path versionFile = blocked.resolve("policy-version");
        try (PolicyStore store = new PolicyStore(file, LOADER, 1000, NO_REFRESH, Optional.of(new PolicyVersionFile(versionFile)))) {
            assertThat(readsSales(store)).as("the policy is enforced all the same").isTrue();
            PolicyStore.Status status = store.status();
            assertThat(status.versionFileFailures()).isEqualTo(1);
            assertThat(status.failedReloads()).isZero();
            assertThat(status.lastError().orElseThrow()).startsWith("cannot write policy version " + digest("v1.yaml") + " to " + versionFile);
            assertThat(status.lastErrorTime()).isPresent();

            Files.delete(blocked);
            assertThat(store.refresh()).as("no new version").isFalse();
            assertThat(Files.readString(versionFile)).isEqualTo(digest("v1.yaml") + "\n");
            assertThat(store.status().versionFileFailures()).isEqualTo(1);
        }
    }

    @Test
    void scheduledRefreshPicksUpChanges()
            throws IOException
    {
        install("v1.yaml");
        try (PolicyStore store = new PolicyStore(directory.resolve("policy.yaml"), LOADER, 1000, new Duration(100, TimeUnit.MILLISECONDS), Optional.empty())) {
            install("v2.yaml");
            String expected = digest("v2.yaml");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!version(store).equals(expected) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            assertThat(version(store)).isEqualTo(expected);
            assertThat(readsCrm(store)).isTrue();
            assertThat(store.status().reloads()).isEqualTo(1);
        }
    }

    private Path install(String resource)
            throws IOException
    {
        // written whole and moved into place, as an editor or a config tool would
        Path file = directory.resolve("policy.yaml");
        Path temporary = directory.resolve("policy.yaml.tmp");
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/policies/" + resource), resource)) {
            Files.copy(in, temporary, REPLACE_EXISTING);
        }
        Files.move(temporary, file, REPLACE_EXISTING, ATOMIC_MOVE);
        return file;
    }

    private String digest(String resource)
            throws IOException
    {
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/policies/" + resource), resource)) {
            return Hashing.sha256().hashBytes(in.readAllBytes()).toString();
        }
    }

    private static String version(PolicyStore store)
    {
        return store.evaluator().policy().version();
    }

    private static boolean readsSales(PolicyStore store)
    {
        return reads(store, "sales");
    }

    private static boolean readsCrm(PolicyStore store)
    {
        return reads(store, "crm");
    }

    private static boolean reads(PolicyStore store, String schema)
    {
        PolicyEvaluator evaluator = store.evaluator();
        return evaluator.check(evaluator.subject("alice", Set.of()), new RequestInfo(Instant.now(), "test", List.of()), ResourceName.of("lakehouse", schema, "t"), Privilege.SELECT).allowed();
    }
}
