package dev.floe.masking.functions;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

import static org.assertj.core.api.Assertions.assertThat;

/** The civil-calendar arithmetic of mask_date_year and mask_date_month against java.time. */
final class TestGeneralizationPeriods
{
    @Test
    void matchesJavaTimeOverTwentyThousandYears()
    {
        // every 7th day from about 8000 BCE to 12000 CE, plus the days around each year and month boundary
        for (long epochDay = -3_650_000; epochDay <= 3_650_000; epochDay += 7) {
            check(epochDay);
        }
        for (int year = -2000; year <= 3000; year++) {
            for (int month = 1; month <= 12; month++) {
                long first = LocalDate.of(year, month, 1).toEpochDay();
                check(first - 1);
                check(first);
                check(first + 1);
            }
        }
    }

    private static void check(long epochDay)
    {
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        assertThat(GeneralizationFunctions.Period.YEAR.truncate(epochDay)).as("year of %s", date)
                .isEqualTo(date.with(TemporalAdjusters.firstDayOfYear()).toEpochDay());
        assertThat(GeneralizationFunctions.Period.MONTH.truncate(epochDay)).as("month of %s", date)
                .isEqualTo(date.with(TemporalAdjusters.firstDayOfMonth()).toEpochDay());
    }
}
