package dev.floe.ingest.pipeline;

import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestPipelineOptions
{
    @Test
    void defaults()
    {
        PipelineOptions options = PipelineOptions.parse("{}");
        assertThat(options.columns()).isEmpty();
        assertThat(options.commitInterval()).isEmpty();
        assertThat(options.maxBatchRecords()).isEqualTo(500_000);
        assertThat(options.maxBatchSize()).isEqualTo(DataSize.of(128, DataSize.Unit.MEGABYTE));
        assertThat(options.maxRecordBytes()).isEqualTo(1 << 20);
        assertThat(options.start()).isEqualTo(StartPosition.EARLIEST);
        assertThat(options.onError()).isEqualTo(OnError.DEAD_LETTER);
        assertThat(options.parallelism()).isEmpty();
        assertThat(PipelineOptions.parse(null)).isEqualTo(options);
    }

    @Test
    void everyOption()
    {
        PipelineOptions options = PipelineOptions.parse("""
                {"bootstrap_servers": "b:9092", "topic_pattern": true, "columns": {"Total": "$.order.total"},
                 "commit_interval": "2s", "max_batch_records": 1000, "max_batch_size": "8MB", "max_record_bytes": 4096,
                 "start": "2026-01-31T12:00:00Z", "consumer": {"security.protocol": "SASL_SSL"}, "dead_letter_table": "raw.errors",
                 "on_error": "pause", "rules": {"total": {"not_null": true, "min": 0, "max": 1e6, "pattern": "[0-9.]+"}},
                 "schema": {"registry_url": "http://registry:8081"}, "timestamp_unit": "millis", "parallelism": 4}""");
        assertThat(options.bootstrapServers()).contains("b:9092");
        assertThat(options.topicPattern()).isTrue();
        assertThat(options.columns()).isEqualTo(Map.of("total", "$.order.total"));
        assertThat(options.commitInterval()).contains(new Duration(2, SECONDS));
        assertThat(options.maxBatchRecords()).isEqualTo(1000);
        assertThat(options.maxBatchSize()).isEqualTo(DataSize.of(8, DataSize.Unit.MEGABYTE));
        assertThat(options.maxRecordBytes()).isEqualTo(4096);
        assertThat(options.start().timestamp()).contains(Instant.parse("2026-01-31T12:00:00Z"));
        assertThat(options.consumer()).isEqualTo(Map.of("security.protocol", "SASL_SSL"));
        assertThat(options.deadLetterTable()).contains("raw.errors");
        assertThat(options.onError()).isEqualTo(OnError.PAUSE);
        assertThat(options.rules().get("total").notNull()).isTrue();
        assertThat(options.rules().get("total").max().orElseThrow()).isEqualByComparingTo(new BigDecimal("1000000"));
        assertThat(options.schema()).isEqualTo(Map.of("registry_url", "http://registry:8081"));
        assertThat(options.timestampUnit()).isEqualTo(PipelineOptions.TimestampUnit.MILLIS);
        assertThat(options.parallelism()).isEqualTo(Optional.of(4));
        assertThat(StartPosition.parse("latest")).isEqualTo(StartPosition.LATEST);
        assertThat(StartPosition.parse("1769860800000").timestamp()).contains(Instant.parse("2026-01-31T12:00:00Z"));
    }

    @Test
    void badOptionsAreNamed()
    {
        assertThatThrownBy(() -> PipelineOptions.parse("{\"colums\": {}}")).hasMessageStartingWith("OPTIONS: unknown option 'colums' (known: ");
        assertThatThrownBy(() -> PipelineOptions.parse("[1]")).hasMessage("OPTIONS must be a JSON object, found array");
        assertThatThrownBy(() -> PipelineOptions.parse("{\"columns\": ")).hasMessageStartingWith("OPTIONS is not valid JSON");
        assertThatThrownBy(() -> PipelineOptions.parse("{\"commit_interval\": \"soon\"}")).hasMessage("option commit_interval: invalid value 'soon'");
        assertThatThrownBy(() -> PipelineOptions.parse("{\"commit_interval\": \"10ms\"}")).hasMessage("option commit_interval: 10.00ms must be at least 100ms");
        assertThatThrownBy(() -> PipelineOptions.parse("{\"max_batch_records\": 0}")).hasMessage("option max_batch_records: expected an integer from 1 to 2147483647, found 0");
        assertThatThrownBy(() -> PipelineOptions.parse("{\"columns\": {\"a\": 1}}")).hasMessage("option columns.a: expected a string, found 1");
        assertThatThrownBy(() -> PipelineOptions.parse("{\"rules\": {\"a\": {\"maximum\": 1}}}")).hasMessageStartingWith("option rules.a: unknown rule 'maximum'");
        assertThatThrownBy(() -> PipelineOptions.parse("{\"rules\": {\"a\": {\"min\": 5, \"max\": 1}}}")).hasMessage("option rules.a: min 5 is greater than max 1");
        assertThatThrownBy(() -> PipelineOptions.parse("{\"rules\": {\"a\": {\"pattern\": \"[\"}}}")).hasMessageStartingWith("option rules.a.pattern: invalid regular expression");
        assertThatThrownBy(() -> PipelineOptions.parse("{\"on_error\": \"ignore\"}")).hasMessage("option on_error: invalid value 'ignore'");
        assertThatThrownBy(() -> PipelineOptions.parse("{\"start\": \"yesterday\"}")).hasMessageStartingWith("option start: 'yesterday' is not earliest, latest");
        assertThatThrownBy(() -> PipelineOptions.parse("{\"topic_pattern\": \"yes\"}")).hasMessage("option topic_pattern: expected true or false, found \"yes\"");
        assertThatThrownBy(() -> PipelineOptions.parse("{\"parallelism\": 0}")).hasMessage("option parallelism: expected an integer from 1 to 256, found 0");
    }
}
