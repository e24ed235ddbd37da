package dev.floe.ingest.live;

import dev.floe.ingest.live.LiveSplitManager.OffsetRange;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.Range;
import io.trino.spi.predicate.ValueSet;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.trino.spi.type.BigintType.BIGINT;
import static org.assertj.core.api.Assertions.assertThat;

final class TestLiveSplitRanges
{
    @Test
    void offsetFiltersNarrowTheRange()
    {
        assertThat(LiveSplitManager.ranges(Optional.empty(), 5, 20)).containsExactly(new OffsetRange(5, 20));
        assertThat(LiveSplitManager.ranges(Optional.empty(), 20, 20)).isEmpty();
        assertThat(LiveSplitManager.ranges(Optional.of(Domain.create(ValueSet.ofRanges(Range.greaterThanOrEqual(BIGINT, 10L)), false)), 5, 20))
                .containsExactly(new OffsetRange(10, 20));
        assertThat(LiveSplitManager.ranges(Optional.of(Domain.create(ValueSet.ofRanges(Range.greaterThan(BIGINT, 10L), Range.lessThan(BIGINT, 3L)), false)), 0, 20))
                .containsExactly(new OffsetRange(0, 3), new OffsetRange(11, 20));
        assertThat(LiveSplitManager.ranges(Optional.of(Domain.multipleValues(BIGINT, List.of(4L, 7L, 30L))), 5, 20))
                .containsExactly(new OffsetRange(7, 8));
        assertThat(LiveSplitManager.ranges(Optional.of(Domain.create(ValueSet.ofRanges(Range.lessThanOrEqual(BIGINT, Long.MAX_VALUE)), false)), 0, 3))
                .containsExactly(new OffsetRange(0, 3));
        assertThat(LiveSplitManager.ranges(Optional.of(Domain.onlyNull(BIGINT)), 0, 3)).isEmpty();
    }
}
