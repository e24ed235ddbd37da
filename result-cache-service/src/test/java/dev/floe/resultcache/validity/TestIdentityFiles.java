package dev.floe.resultcache.validity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

final class TestIdentityFiles
{
    @TempDir
    Path directory;

    @Test
    void aChangedMembershipChangesTheVersionAndIsStorableOnlyAfterTheSettleTime()
            throws IOException
    {
        Path groups = directory.resolve("group.txt");
        Files.writeString(groups, "trusted:alice\n");
        AtomicLong now = new AtomicLong(1_000_000);
        IdentityFiles files = new IdentityFiles(List.of(groups), 10_000, now::get);

        IdentityFiles.State first = files.current().orElseThrow();
        assertThat(first.settled()).as("just seen: Trino may not have read it yet").isFalse();
        now.addAndGet(10_000);
        assertThat(files.current()).contains(new IdentityFiles.State(first.version(), 1_000_000, true));

        Files.writeString(groups, "trusted:alice,bob\n");
        IdentityFiles.State changed = files.current().orElseThrow();
        assertThat(changed.version()).isNotEqualTo(first.version());
        assertThat(changed.settled()).isFalse();
        now.addAndGet(9_999);
        assertThat(files.current().orElseThrow().settled()).isFalse();
        now.addAndGet(1);
        assertThat(files.current()).contains(new IdentityFiles.State(changed.version(), 1_010_000, true));

        // back to the first content: the same version, another period of it (a result computed across the change is not stored)
        Files.writeString(groups, "trusted:alice\n");
        IdentityFiles.State again = files.current().orElseThrow();
        assertThat(again.version()).isEqualTo(first.version());
        assertThat(again.stamp()).isNotEqualTo(first.stamp());
        assertThat(again.settled()).isFalse();

        // an edit in place that keeps size and modification time is still seen
        FileTime modified = Files.getLastModifiedTime(groups);
        Files.writeString(groups, "trusted:alicE\n");
        Files.setLastModifiedTime(groups, modified);
        assertThat(files.current().orElseThrow().version()).isNotEqualTo(first.version());

        Files.delete(groups);
        assertThat(files.current()).as("an unreadable file: nothing may be cached").isEmpty();
    }

    @Test
    void withoutFilesEverythingIsSettled()
    {
        assertThat(new IdentityFiles(List.of(), 10_000, () -> 0).current()).contains(new IdentityFiles.State("", 0, true));
    }
}
