package dev.floe.history.capture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

final class TestSqlLiteralRedactor
{
    private final SqlLiteralRedactor redactor = new SqlLiteralRedactor();

    @Test
    void replacesEveryKindOfLiteral()
    {
        assertThat(redactor.redact("SELECT * FROM t WHERE ssn = '123-45-6789' AND n > 42 AND d = DATE '2026-01-01' AND x IN (1.5, 2E3, X'ABCD', U&'\\0041')"))
                .isEqualTo("SELECT * FROM t WHERE ssn = ? AND n > ? AND d = DATE ? AND x IN (?, ?, ?, ?)");
    }

    @Test
    void keepsIdentifiersCommentsAndLayout()
    {
        assertThat(redactor.redact("SELECT \"col'1\", t2 -- it's 42\nFROM  s1.t2 /* 'x' */ LIMIT 10"))
                .isEqualTo("SELECT \"col'1\", t2 -- it's 42\nFROM  s1.t2 /* 'x' */ LIMIT ?");
    }

    @Test
    void escapedQuotesStayInsideOneLiteral()
    {
        assertThat(redactor.redact("SELECT 'it''s secret', 'ok'")).isEqualTo("SELECT ?, ?");
    }

    @Test
    void countsCharactersOutsideTheBasicPlane()
    {
        assertThat(redactor.redact("SELECT '😀 secret' AS \"😀\", 7")).isEqualTo("SELECT ? AS \"😀\", ?");
    }

    @Test
    void leavesUnlexableTextAsItIs()
    {
        assertThat(redactor.redact("SELECT 'unterminated")).isEqualTo("SELECT 'unterminated");
    }
}
