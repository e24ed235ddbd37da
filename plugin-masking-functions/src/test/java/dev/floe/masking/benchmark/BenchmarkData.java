package dev.floe.masking.benchmark;

/** One million realistic rows, generated deterministically in SQL, so every benchmark masks the same data. */
final class BenchmarkData
{
    static final String CREATE_TABLE = """
            CREATE TABLE bench.default.people AS
            WITH ids AS (
                SELECT a * 1000 + b + 1 AS id, xxhash64(to_big_endian_64(a * 1000 + b + 1)) AS h
                FROM UNNEST(sequence(0, 999)) x(a) CROSS JOIN UNNEST(sequence(0, 999)) y(b))
            SELECT
                id,
                element_at(ARRAY['Jane', 'John', 'María', 'Wei', 'Aisha', 'Olga', 'Kenji', 'Lars'], CAST(abs(from_big_endian_64(h) % 8) AS integer) + 1)
                    || ' ' || element_at(ARRAY['Doe', 'Smith', 'García', 'Chen', 'Khan', 'Ivanova', 'Sato', 'Berg'], CAST(abs(from_big_endian_64(reverse(h)) % 8) AS integer) + 1) AS name,
                'user.' || CAST(id AS varchar) || '@' || element_at(ARRAY['example.com', 'mail.example.org', 'corp.example.net'], CAST(id % 3 AS integer) + 1) AS email,
                '+1 415 555 ' || lpad(CAST(id % 10000 AS varchar), 4, '0') AS phone,
                lpad(CAST(100 + id % 565 AS varchar), 3, '0') || '-' || lpad(CAST(10 + id % 89 AS varchar), 2, '0') || '-' || lpad(CAST(1000 + id % 8999 AS varchar), 4, '0') AS ssn,
                '4' || lpad(CAST(id AS varchar), 3, '0') || '-1111-1111-' || lpad(CAST(id % 10000 AS varchar), 4, '0') AS credit_card,
                'DE89 3704 0044 0532 ' || lpad(CAST(id % 10000 AS varchar), 4, '0') || ' 00' AS iban,
                '10.' || CAST(id % 256 AS varchar) || '.' || CAST(id / 256 % 256 AS varchar) || '.' || CAST(id / 65536 % 256 AS varchar) AS ip_address,
                date_add('day', CAST(id % 24000 AS integer), DATE '1940-01-01') AS birth_date,
                CAST(id % 5000000 AS decimal(12,2)) / 100 AS lifetime_value,
                CAST(id AS double) / 7 AS score
            FROM ids
            """;

    private BenchmarkData() {}
}
