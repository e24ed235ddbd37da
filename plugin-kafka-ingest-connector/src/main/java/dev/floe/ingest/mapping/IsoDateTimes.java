package dev.floe.ingest.mapping;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/**
 * Parses ISO-8601 date-times to {@link OffsetDateTime} (with an offset or {@code Z}) or {@link LocalDateTime}
 * (without). The shape almost every producer writes, {@code 2026-01-31T12:30:00.123456Z}, is read digit by digit:
 * {@code DateTimeFormatter.parseBest} took a third of a pipeline's time. Anything else goes to the formatter.
 */
final class IsoDateTimes
{
    private IsoDateTimes() {}

    /** Accepts {@code T} or a space between date and time. */
    static TemporalAccessor parse(String text)
    {
        TemporalAccessor fast = parseCommonShape(text);
        if (fast != null) {
            return fast;
        }
        String normalized = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        try {
            return DateTimeFormatter.ISO_DATE_TIME.parseBest(normalized, OffsetDateTime::from, LocalDateTime::from);
        }
        catch (DateTimeParseException e) {
            if (normalized.length() == 10) {
                return LocalDate.parse(normalized).atStartOfDay();
            }
            throw new DateTimeParseException("not an ISO-8601 date-time", text, e.getErrorIndex());
        }
    }

    /** {@code yyyy-MM-dd[T ]HH:mm:ss[.f{1,9}][Z|±HH:mm]}, or null for any other text. */
    private static TemporalAccessor parseCommonShape(String text)
    {
        int length = text.length();
        if (length < 19 || text.charAt(4) != '-' || text.charAt(7) != '-' || (text.charAt(10) != 'T' && text.charAt(10) != ' ') || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int position = 19;
        int nanos = 0;
        if (position < length && text.charAt(position) == '.') {
            int start = ++position;
            while (position < length && Character.isDigit(text.charAt(position)) && position - start < 9) {
                nanos = nanos * 10 + (text.charAt(position) - '0');
                position++;
            }
            if (position == start || position < length && Character.isDigit(text.charAt(position))) {
                return null;
            }
            for (int scale = position - start; scale < 9; scale++) {
                nanos *= 10;
            }
        }
        LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
        if (position == length) {
            return local;
        }
        if (position == length - 1 && text.charAt(position) == 'Z') {
            return OffsetDateTime.of(local, ZoneOffset.UTC);
        }
        if (position == length - 6 && (text.charAt(position) == '+' || text.charAt(position) == '-') && text.charAt(position + 3) == ':') {
            int hours = digits(text, position + 1, 2);
            int minutes = digits(text, position + 4, 2);
            if ((hours | minutes) < 0) {
                return null;
            }
            int sign = text.charAt(position) == '-' ? -1 : 1;
            return OffsetDateTime.of(local, ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes));
        }
        return null;
    }

    /** The number the digits spell, or -1 when one is not a digit. */
    private static int digits(String text, int start, int count)
    {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char character = text.charAt(i);
            if (character < '0' || character > '9') {
                return -1;
            }
            value = value * 10 + (character - '0');
        }
        return value;
    }
}
