package dev.floe.masking.keyed;

import dev.floe.masking.MaskingTestRunners;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static dev.floe.masking.MaskingTestRunners.KEY_1;
import static dev.floe.masking.MaskingTestRunners.KEY_2;
import static org.assertj.core.api.Assertions.assertThat;

/** The keyed functions of the {@code masking} catalog through real queries. */
final class TestKeyedFunctions
        extends AbstractTestQueryFramework
{
    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        return MaskingTestRunners.withMaskingPlugin().build();
    }

    @Test
    void functionsAreListedInTheCatalogWithDescriptions()
    {
        assertThat(computeActual("SHOW FUNCTIONS FROM masking.functions").getMaterializedRows().stream().map(row -> row.getField(0)).distinct())
                .containsExactlyInAnyOrder("mask_hash", "tokenize", "detokenize", "fpe_encrypt", "fpe_decrypt");
        assertThat(computeActual("SHOW FUNCTIONS FROM masking.functions").getMaterializedRows())
                .allSatisfy(row -> assertThat((String) row.getField(5)).isNotBlank());
        assertThat(computeActual("SHOW SCHEMAS FROM masking").getOnlyColumnAsSet()).contains("functions");
    }

    @Test
    void callableUnqualifiedThroughThePathAndQualified()
    {
        assertThat(computeScalar("SELECT mask_hash('x') = masking.functions.mask_hash('x')")).isEqualTo(true);
    }

    @Test
    void maskHashIsKeyedDeterministicAndJoinPreserving()
    {
        // an unbounded varchar gets all 64 hex digits; the literal alone would be varchar(11) and get 11
        String hash = (String) computeScalar("SELECT mask_hash(CAST('123-45-6789' AS varchar))");
        assertThat(hash).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(computeScalar("SELECT mask_hash(CAST('123-45-6789' AS varchar))")).isEqualTo(hash);
        // never the unsalted hash a dictionary join could reproduce
        assertThat(hash).isNotEqualTo(computeScalar("SELECT lower(to_hex(sha256(to_utf8('123-45-6789'))))"));
        // a different key gives a different hash; the named-key overload reproduces pre-rotation hashes
        assertThat(computeScalar("SELECT masking_rotated.functions.mask_hash(CAST('123-45-6789' AS varchar))")).isNotEqualTo(hash);
        assertThat(computeScalar("SELECT masking_rotated.functions.mask_hash(CAST('123-45-6789' AS varchar), 'k1')")).isEqualTo(hash);
        // joins on the masked value still match equal raw values
        assertThat(computeScalar("""
                SELECT count(*) FROM tpch.tiny.customer a JOIN tpch.tiny.customer b ON mask_hash(a.phone) = mask_hash(b.phone)
                """)).isEqualTo(1500L);
        assertThat(computeScalar("SELECT mask_hash(CAST('123-45-6789' AS varchar(11)))")).isEqualTo(hash.substring(0, 11));
        assertThat(computeScalar("SELECT mask_hash(BIGINT '42') = mask_hash(BIGINT '42') AND mask_hash(BIGINT '42') <> mask_hash(BIGINT '43')")).isEqualTo(true);
        assertThat(computeScalar("SELECT length(mask_hash(X'00'))")).isEqualTo(32L);
    }

    @Test
    void tokensRoundTripAndSurviveKeyRotation()
    {
        String token = (String) computeScalar("SELECT tokenize('4111-1111-1111-1111')");
        assertThat(token).startsWith("k1:");
        assertThat(computeScalar("SELECT tokenize('4111-1111-1111-1111')")).isEqualTo(token);
        assertThat(computeScalar("SELECT detokenize('%s')".formatted(token))).isEqualTo("4111-1111-1111-1111");

        // after rotation new tokens carry k2, and tokens made with k1 still detokenize
        String rotated = (String) computeScalar("SELECT masking_rotated.functions.tokenize('4111-1111-1111-1111')");
        assertThat(rotated).startsWith("k2:").isNotEqualTo(token);
        assertThat(computeScalar("SELECT masking_rotated.functions.detokenize('%s')".formatted(token))).isEqualTo("4111-1111-1111-1111");
        assertThat(computeScalar("SELECT masking_rotated.functions.detokenize('%s')".formatted(rotated))).isEqualTo("4111-1111-1111-1111");
        // a catalog that lacks k2 cannot read k2 tokens; tampering and garbage give NULL, never an error
        assertThat(computeScalar("SELECT detokenize('%s')".formatted(rotated))).isNull();
        assertThat(computeScalar("SELECT detokenize('%s')".formatted(token.substring(0, token.length() - 2) + "AA"))).isNull();
        assertThat(computeScalar("SELECT detokenize('not a token')")).isNull();
    }

    @Test
    void formatPreservingEncryptionKeepsTheFormatAndReverses()
    {
        String card = "4111-1111-1111-1111";
        String encrypted = (String) computeScalar("SELECT fpe_encrypt('%s')".formatted(card));
        assertThat(encrypted).hasSize(card.length()).matches("\\d{4}-\\d{4}-\\d{4}-\\d{4}").isNotEqualTo(card);
        assertThat(computeScalar("SELECT fpe_decrypt('%s')".formatted(encrypted))).isEqualTo(card);
        assertThat(computeScalar("SELECT fpe_decrypt(fpe_encrypt('Ab12-cd34-EFGH-5678'))")).isEqualTo("Ab12-cd34-EFGH-5678");
        assertThat((String) computeScalar("SELECT fpe_encrypt('Ab12-cd34-EFGH-5678')")).matches("[A-Z][a-z]\\d\\d-[a-z][a-z]\\d\\d-[A-Z]{4}-\\d{4}");
        // rotation: the named-key overloads reach ciphertexts made before it
        assertThat(computeScalar("SELECT masking_rotated.functions.fpe_decrypt('%s', 'k1')".formatted(encrypted))).isEqualTo(card);
        // values too short for FF1 (fewer than 10^6 possibilities) are redacted instead, and do not decrypt
        assertThat(computeScalar("SELECT fpe_encrypt('1234')")).isEqualTo("nnnn");
        assertThat(computeScalar("SELECT fpe_decrypt('nnnn')")).isNull();
        // all 1,500 phone numbers of tpch.tiny round-trip
        assertThat(computeScalar("SELECT count(*) FROM tpch.tiny.customer WHERE fpe_decrypt(fpe_encrypt(phone)) = phone AND fpe_encrypt(phone) <> phone")).isEqualTo(1500L);
    }

    @Test
    void unknownKeyIdsDegradeInsteadOfFailing()
    {
        assertThat(computeScalar("SELECT mask_hash('Jane', 'nope')")).isEqualTo("Xxxx");
        assertThat(computeScalar("SELECT fpe_encrypt('4111111111111111', 'nope')")).isEqualTo("nnnnnnnnnnnnnnnn");
        assertThat(computeScalar("SELECT fpe_decrypt('4111111111111111', 'nope')")).isNull();
    }

    @Test
    void keysNeverAppearInPlansOrErrors()
    {
        List<String> secrets = secretForms();
        String plan = (String) computeScalar("EXPLAIN SELECT mask_hash(name), tokenize(name), fpe_encrypt(phone) FROM tpch.tiny.customer");
        String distributed = (String) computeScalar("EXPLAIN (TYPE DISTRIBUTED) SELECT mask_hash(name), tokenize(name) FROM tpch.tiny.customer");
        assertThat(plan).contains("mask_hash");
        for (String secret : secrets) {
            assertThat(plan).doesNotContain(secret);
            assertThat(distributed).doesNotContain(secret);
        }
        for (String failing : List.of("SELECT mask_hash(1.5e0)", "SELECT tokenize()", "SELECT fpe_encrypt(DATE '2001-01-01')")) {
            assertThat(queryFailure(failing)).satisfies(message -> secrets.forEach(secret -> assertThat(message).doesNotContain(secret)));
        }
        assertThat(computeActual("SELECT * FROM system.metadata.catalogs").toString()).doesNotContain(KEY_1.substring(0, 12));
    }

    private String queryFailure(String sql)
    {
        try {
            computeActual(sql);
        }
        catch (RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
        throw new AssertionError("Expected failure: " + sql);
    }

    private static List<String> secretForms()
    {
        return List.of(KEY_1, KEY_2, KEY_1.substring(0, 16), KEY_2.substring(0, 16),
                HexFormat.of().formatHex(Base64.getDecoder().decode(KEY_1)),
                HexFormat.of().formatHex(Base64.getDecoder().decode(KEY_2)));
    }
}
