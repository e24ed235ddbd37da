#!/usr/bin/env bash
# Full scan of lakehouse.demo.customers with every PII column masked, against the same scan unmasked,
# on the running bin/floe stack. Reports the median server-side elapsed time of each (CLI start-up excluded).
# Usage: plugin-masking-functions/bench/full-scan.sh [runs, default 7]
set -euo pipefail

root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-7}"
floe="${root_dir}/bin/floe"

unmasked="SELECT checksum(name), checksum(email), checksum(phone), checksum(ssn), checksum(credit_card), checksum(ip_address), checksum(birth_date), checksum(lifetime_value) FROM lakehouse.demo.customers"
masked="SELECT checksum(mask_show_first(name, 1)), checksum(mask_email(email)), checksum(mask_phone(phone)), checksum(mask_hash(ssn)), checksum(mask_credit_card(credit_card)), checksum(mask_ip(ip_address)), checksum(mask_date_year(birth_date)), checksum(generalize(lifetime_value, 1000)) FROM lakehouse.demo.customers"

median_ms() {
    local label="$1" sql="$2" tag
    for i in $(seq 1 "${runs}"); do
        tag="floe-bench-${label}-$$-${i}"
        "${floe}" sql --user bench --source "${tag}" --execute "${sql}" > /dev/null
    done
    "${floe}" sql --user bench --output-format TSV --execute "
        SELECT approx_percentile(to_milliseconds(\"end\" - started), 0.5)
        FROM system.runtime.queries WHERE source LIKE 'floe-bench-${label}-$$-%' AND state = 'FINISHED'" | tr -d '"'
}

# one warm-up of each so file metadata and JIT are warm for both
"${floe}" sql --user bench --execute "${unmasked}" > /dev/null
"${floe}" sql --user bench --execute "${masked}" > /dev/null

unmasked_ms="$(median_ms unmasked "${unmasked}")"
masked_ms="$(median_ms masked "${masked}")"
echo "unmasked scan: median ${unmasked_ms} ms over ${runs} runs"
echo "masked scan:   median ${masked_ms} ms over ${runs} runs"
awk -v u="${unmasked_ms}" -v m="${masked_ms}" 'BEGIN { printf "overhead: %+.1f%%\n", (m - u) * 100 / u }'
