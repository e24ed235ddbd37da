package dev.floe.resultcache.key;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

final class TestStatementClassifier
{
    private final StatementClassifier classifier = new StatementClassifier(Set.of("mask_noise"));

    @Test
    void whitespaceCommentsAndKeywordCaseDoNotChangeTheKeyText()
    {
        Statement plain = classifier.classify("SELECT name, count(*) FROM nation GROUP BY name");
        Statement styled = classifier.classify("""
                -- revenue dashboard
                select   name ,
                         count(*)   /* all rows */
                from nation
                group by name""");
        assertThat(plain).isInstanceOf(Statement.Cacheable.class).isEqualTo(styled);
        assertThat(classifier.classify("SELECT name FROM nation WHERE name = 'Peru'"))
                .isNotEqualTo(classifier.classify("SELECT name FROM nation WHERE name = 'PERU'"));
    }

    @Test
    void queriesOfEveryFormAreCacheable()
    {
        assertThat(classifier.classify("WITH n AS (SELECT * FROM nation) SELECT count(*) FROM n")).isInstanceOf(Statement.Cacheable.class);
        assertThat(classifier.classify("VALUES (1, 'a'), (2, 'b')")).isInstanceOf(Statement.Cacheable.class);
        assertThat(classifier.classify("TABLE nation")).isInstanceOf(Statement.Cacheable.class);
    }

    @Test
    void nonDeterministicQueriesAreNotCacheable()
    {
        assertThat(classifier.classify("SELECT random() FROM nation")).isEqualTo(new Statement.PassThrough("calls the non-deterministic function random"));
        assertThat(classifier.classify("SELECT * FROM nation WHERE rand() < 0.5")).isInstanceOf(Statement.PassThrough.class);
        assertThat(classifier.classify("SELECT uuid()")).isInstanceOf(Statement.PassThrough.class);
        assertThat(classifier.classify("SELECT shuffle(ARRAY[1, 2, 3])")).isInstanceOf(Statement.PassThrough.class);
        assertThat(classifier.classify("SELECT now()")).isInstanceOf(Statement.PassThrough.class);
        assertThat(classifier.classify("SELECT * FROM orders WHERE orderdate > current_date - INTERVAL '7' DAY")).isEqualTo(new Statement.PassThrough("uses the current time"));
        assertThat(classifier.classify("SELECT localtimestamp")).isInstanceOf(Statement.PassThrough.class);
        assertThat(classifier.classify("SELECT current_timestamp, localtime, current_time")).isInstanceOf(Statement.PassThrough.class);
        assertThat(classifier.classify("SELECT (SELECT max(x) FROM (VALUES random()) t(x))")).isInstanceOf(Statement.PassThrough.class);
        // configured further functions, qualified or not
        assertThat(classifier.classify("SELECT masking.functions.mask_noise(acctbal) FROM customer")).isInstanceOf(Statement.PassThrough.class);
        assertThat(classifier.classify("SELECT * FROM TABLE(system.sequence(start => 1, stop => 10))")).isEqualTo(new Statement.PassThrough("calls a table function"));
        assertThat(classifier.classify("SELECT count(*) FROM orders TABLESAMPLE BERNOULLI (10)")).isEqualTo(new Statement.PassThrough("samples a table (TABLESAMPLE)"));
        // Floe's own non-deterministic masking functions
        assertThat(classifier.classify("SELECT masking.functions.add_noise(acctbal, 0.1) FROM customer")).isInstanceOf(Statement.PassThrough.class);
    }

    @Test
    void statementsOtherThanQueriesPassThrough()
    {
        assertThat(classifier.classify("INSERT INTO t SELECT * FROM nation")).isEqualTo(new Statement.PassThrough("not a query"));
        assertThat(classifier.classify("SHOW TABLES")).isInstanceOf(Statement.PassThrough.class);
        assertThat(classifier.classify("EXPLAIN SELECT 1")).isInstanceOf(Statement.PassThrough.class);
        assertThat(classifier.classify("SET SESSION query_max_run_time = '1h'")).isInstanceOf(Statement.PassThrough.class);
        assertThat(classifier.classify("SELEC 1")).isEqualTo(new Statement.PassThrough("not parseable"));
    }

    @Test
    void theSkipPropertyIsTheProxysOwn()
    {
        assertThat(classifier.classify("SET SESSION skip_results_cache = true")).isEqualTo(new Statement.SkipDirective(false, true));
        assertThat(classifier.classify("set session SKIP_RESULTS_CACHE = false")).isEqualTo(new Statement.SkipDirective(false, false));
        assertThat(classifier.classify("SET SESSION skip_results_cache = 'true'")).isEqualTo(new Statement.SkipDirective(false, true));
        assertThat(classifier.classify("RESET SESSION skip_results_cache")).isEqualTo(new Statement.SkipDirective(true, false));
        assertThat(classifier.classify("SET SESSION skip_results_cache = 1")).isInstanceOf(Statement.PassThrough.class);
    }
}
