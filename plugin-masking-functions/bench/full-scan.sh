#!/usr/bin/env bash
# Full scans of lakehouse.demo.customers with every PII column masked, against the same scans unmasked, on the
# running bin/floe stack. Reports the median server-side elapsed time (CLI start-up excluded) of each.
#   rows:     SELECT of all 12 columns, every row fetched by the client (what a user's full scan costs)
#   checksum: checksum() of the 8 PII columns, nothing transferred (the compute-bound worst case)
# Masks: the ones a policy would put on these columns; the keyed-hash variant masks ssn with mask_hash.
# Usage: plugin-masking-functions/bench/full-scan.sh [runs, default 5]
set -euo pipefail

root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-5}"
floe="${root_dir}/bin/floe"

columns_plain="customer_id, name, email, phone, ssn, credit_card, ip_address, birth_date, region, country, signup_ts, lifetime_value"
columns_masked="customer_id, mask_show_first(name, 1), mask_email(email), mask_phone(phone), mask_ssn(ssn), mask_credit_card(credit_card), mask_ip(ip_address), mask_date_year(birth_date), region, country, signup_ts, generalize(lifetime_value, 1000)"
checksum_plain="checksum(name), checksum(email), checksum(phone), checksum(ssn), checksum(credit_card), checksum(ip_address), checksum(birth_date), checksum(lifetime_value)"
checksum_masked="checksum(mask_show_first(name, 1)), checksum(mask_email(email)), checksum(mask_phone(phone)), checksum(mask_ssn(ssn)), checksum(mask_credit_card(credit_card)), checksum(mask_ip(ip_address)), checksum(mask_date_year(birth_date)), checksum(generalize(lifetime_value, 1000))"
checksum_hashed="${checksum_masked/checksum(mask_ssn(ssn))/checksum(mask_hash(ssn))}"

# median_ms LABEL SQL: runs SQL $runs times (after one warm-up) and prints the median server-side elapsed ms
median_ms() {
    local label="$1" sql="$2" tag="floe-bench-$1-$$"
    "${floe}" sql --user bench --execute "${sql}" > /dev/null
    for _ in $(seq 1 "${runs}"); do
        "${floe}" sql --user bench --source "${tag}" --output-format CSV --execute "${sql}" > /dev/null
    done
    "${floe}" sql --user bench --output-format TSV --execute "
        SELECT approx_percentile(to_milliseconds(\"end\" - started), 0.5)
        FROM system.runtime.queries WHERE source = '${tag}' AND state = 'FINISHED'"
}

report() {
    local label="$1" plain_ms="$2" masked_ms="$3"
    awk -v l="${label}" -v u="${plain_ms}" -v m="${masked_ms}" -v r="${runs}" \
        'BEGIN { printf "%-34s unmasked %6d ms   masked %6d ms   overhead %+6.1f%%   (median of %d)\n", l, u, m, (m - u) * 100 / u, r }'
}

rows_plain="$(median_ms rows-plain "SELECT ${columns_plain} FROM lakehouse.demo.customers")"
rows_masked="$(median_ms rows-masked "SELECT ${columns_masked} FROM lakehouse.demo.customers")"
sum_plain="$(median_ms sum-plain "SELECT ${checksum_plain} FROM lakehouse.demo.customers")"
sum_masked="$(median_ms sum-masked "SELECT ${checksum_masked} FROM lakehouse.demo.customers")"
sum_hashed="$(median_ms sum-hashed "SELECT ${checksum_hashed} FROM lakehouse.demo.customers")"

report "rows (all rows to the client)" "${rows_plain}" "${rows_masked}"
report "checksum (compute-bound)" "${sum_plain}" "${sum_masked}"
report "checksum, ssn by mask_hash" "${sum_plain}" "${sum_hashed}"
