package dev.floe.masking.benchmark;

import dev.floe.masking.MaskingTestRunners;
import io.trino.testing.QueryRunner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static java.util.Map.entry;

/**
 * Each masking function against the nearest expression built from Trino builtins, both evaluated by the engine
 * over the same one million realistic values in a memory table. One operation scans all rows, so the reported
 * time divided by 1,000,000 is the cost per value including the (identical) scan; {@code scan_only} is that scan.
 *
 * <p>Run: {@code plugin-masking-functions/bench/run-jmh.sh} (see the module README).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BenchmarkMaskingFunctions
{
    public static final int ROWS = 1_000_000;

    /** name → expression; {@code floe_x} is ours, {@code builtin_x} the nearest builtin equivalent. */
    static final Map<String, String> EXPRESSIONS = Map.ofEntries(
            entry("scan_only", "length(email)"),
            entry("floe_mask", "length(mask(name))"),
            entry("builtin_mask", "length(regexp_replace(regexp_replace(regexp_replace(name, '[A-Z]', 'X'), '[a-z]', 'x'), '[0-9]', 'n'))"),
            entry("floe_mask_show_last", "length(mask_show_last(credit_card, 4))"),
            entry("builtin_mask_show_last", "length(concat(regexp_replace(substr(credit_card, 1, length(credit_card) - 4), '\\d', 'n'), substr(credit_card, -4)))"),
            entry("floe_mask_partial", "length(mask_partial(name, 1, 'xxxx', 1))"),
            entry("builtin_mask_partial", "length(concat(substr(name, 1, 1), 'xxxx', substr(name, -1)))"),
            entry("floe_mask_email", "length(mask_email(email))"),
            entry("builtin_mask_email", "length(regexp_replace(email, '^[^@]+', 'xxxx'))"),
            entry("floe_mask_phone", "length(mask_phone(phone))"),
            entry("builtin_mask_phone", "length(regexp_replace(phone, '\\d(?=(?:\\D*\\d){4})', 'X'))"),
            entry("floe_mask_credit_card", "length(mask_credit_card(credit_card))"),
            entry("builtin_mask_credit_card", "length(regexp_replace(credit_card, '\\d(?=(?:\\D*\\d){4})', 'X'))"),
            entry("floe_mask_ssn", "length(mask_ssn(ssn))"),
            entry("builtin_mask_ssn", "length(regexp_replace(ssn, '^\\d{3}-\\d{2}', 'XXX-XX'))"),
            entry("floe_mask_iban", "length(mask_iban(iban))"),
            entry("builtin_mask_iban", "length(concat(substr(iban, 1, 2), regexp_replace(substr(iban, 3, length(iban) - 6), '[0-9A-Z]', 'X'), substr(iban, -4)))"),
            entry("floe_mask_ip", "length(mask_ip(ip_address))"),
            entry("builtin_mask_ip", "length(regexp_replace(ip_address, '\\.\\d+$', '.0'))"),
            entry("floe_mask_default", "length(mask_default(name))"),
            entry("builtin_mask_default", "length(CAST('' AS varchar))"),
            entry("floe_mask_date_year", "day_of_year(mask_date_year(birth_date))"),
            entry("builtin_mask_date_year", "day_of_year(date_trunc('year', birth_date))"),
            entry("floe_mask_date_month", "day(mask_date_month(birth_date))"),
            entry("builtin_mask_date_month", "day(date_trunc('month', birth_date))"),
            entry("floe_generalize", "sign(generalize(lifetime_value, 1000))"),
            entry("builtin_generalize", "sign(floor(lifetime_value / 1000) * 1000)"),
            entry("floe_add_noise", "sign(add_noise(score, 0.1))"),
            entry("builtin_add_noise", "sign(score * (1 + (random() * 0.2 - 0.1)))"),
            entry("floe_shift_date", "day(shift_date(birth_date, 30))"),
            entry("builtin_shift_date", "day(date_add('day', random(61) - 30, birth_date))"),
            entry("floe_mask_hash", "length(mask_hash(ssn))"),
            entry("builtin_mask_hash", "length(to_hex(hmac_sha256(to_utf8(ssn), X'000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f')))"),
            entry("floe_tokenize", "length(tokenize(ssn))"),
            entry("floe_fpe_encrypt", "length(fpe_encrypt(credit_card))"),
            entry("floe_classify", "length(coalesce(classify(email), ''))"),
            entry("builtin_classify", "length(CASE WHEN regexp_like(email, '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$') THEN 'email' ELSE '' END)"));

    @Param({
            "scan_only",
            "floe_mask", "builtin_mask",
            "floe_mask_show_last", "builtin_mask_show_last",
            "floe_mask_partial", "builtin_mask_partial",
            "floe_mask_email", "builtin_mask_email",
            "floe_mask_phone", "builtin_mask_phone",
            "floe_mask_credit_card", "builtin_mask_credit_card",
            "floe_mask_ssn", "builtin_mask_ssn",
            "floe_mask_iban", "builtin_mask_iban",
            "floe_mask_ip", "builtin_mask_ip",
            "floe_mask_default", "builtin_mask_default",
            "floe_mask_date_year", "builtin_mask_date_year",
            "floe_mask_date_month", "builtin_mask_date_month",
            "floe_generalize", "builtin_generalize",
            "floe_add_noise", "builtin_add_noise",
            "floe_shift_date", "builtin_shift_date",
            "floe_mask_hash", "builtin_mask_hash",
            "floe_tokenize",
            "floe_fpe_encrypt",
            "floe_classify", "builtin_classify"})
    public String expression;

    private QueryRunner runner;
    private String sql;

    @Setup(Level.Trial)
    public void setUp()
            throws Exception
    {
        runner = MaskingTestRunners.withMaskingPlugin()
                // the default memory catalog holds 128 MB per node; the benchmark table needs more
                .withCatalog("bench", "memory", Map.of("memory.max-data-per-node", "2GB"))
                .build();
        runner.execute(BenchmarkData.CREATE_TABLE);
        sql = "SELECT sum(%s) FROM bench.default.people".formatted(EXPRESSIONS.get(expression));
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        runner.close();
    }

    @Benchmark
    public Object scanOneMillionValues()
    {
        return runner.execute(sql).getOnlyValue();
    }

    public static void main(String[] args)
            throws Exception
    {
        Options options = new OptionsBuilder()
                .include(BenchmarkMaskingFunctions.class.getSimpleName())
                .build();
        new Runner(options).run();
    }
}
