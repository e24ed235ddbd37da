package dev.floe.ingest.mapping;

import org.junit.jupiter.api.Test;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestIsoDateTimes
{
    @Test
    void commonShapesAndTheRest()
    {
        LocalDateTime local = LocalDateTime.of(2026, 1, 31, 12, 30, 5);
        assertThat(IsoDateTimes.parse("2026-01-31T12:30:05")).isEqualTo(local);
        assertThat(IsoDateTimes.parse("2026-01-31 12:30:05")).isEqualTo(local);
        assertThat(IsoDateTimes.parse("2026-01-31T12:30:05Z")).isEqualTo(OffsetDateTime.of(local, ZoneOffset.UTC));
        assertThat(IsoDateTimes.parse("2026-01-31T12:30:05.1Z")).isEqualTo(OffsetDateTime.of(local.withNano(100_000_000), ZoneOffset.UTC));
        assertThat(IsoDateTimes.parse("2026-01-31T12:30:05.123456789+02:00")).isEqualTo(OffsetDateTime.of(local.withNano(123_456_789), ZoneOffset.ofHours(2)));
        assertThat(IsoDateTimes.parse("2026-01-31T12:30:05-05:30")).isEqualTo(OffsetDateTime.of(local, ZoneOffset.ofHoursMinutes(-5, -30)));
        // shapes the fast path leaves to the formatter
        assertThat(IsoDateTimes.parse("2026-01-31T12:30Z")).isEqualTo(OffsetDateTime.of(local.withSecond(0), ZoneOffset.UTC));
        assertThat(IsoDateTimes.parse("2026-01-31")).isEqualTo(local.toLocalDate().atStartOfDay());
        assertThatThrownBy(() -> IsoDateTimes.parse("2026-02-30T12:30:05Z")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> IsoDateTimes.parse("2026-01-31T12:30:05.1234567890Z")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> IsoDateTimes.parse("yesterday")).isInstanceOf(DateTimeException.class);
    }
}
