#!/usr/bin/env bash
# Prints the figures the reliability tests recorded in the last run (every module's
# target/reliability/figures.tsv) as a Markdown table, in matrix order: F, B, T, E, L, S, G.
# Run it after `./mvnw -B verify`; the README's reliability table is its output.
set -euo pipefail
cd "$(dirname "$0")/.."

files=$(ls -- */target/reliability/figures.tsv 2>/dev/null || true)
if [ -z "$files" ]; then
    echo "no figures recorded: run ./mvnw -B verify first" >&2
    exit 1
fi

echo "| Row | Figure | Value | Test |"
echo "| --- | --- | --- | --- |"
# The last value recorded for a (row, figure, test) wins, so a re-run test replaces its figure.
cat $files | awk -F '\t' '
    { key = $1 FS $2 FS $5; if (!(key in value)) order[n++] = key; value[key] = $3; unit[key] = $4 }
    END {
        for (i = 0; i < n; i++) {
            split(order[i], k, FS)
            group = index("FBTELSG", substr(k[1], 1, 1)); if (group == 0) group = 8
            printf "%d\t%04d\t%s\t%s\t%s %s\t%s\n", group, substr(k[1], 2) + 0, k[1], k[2], value[order[i]], unit[order[i]], k[3]
        }
    }' | sort -t $'\t' -k1,1n -k2,2n -s | awk -F '\t' '{ printf "| %s | %s | %s | %s |\n", $3, $4, $5, $6 }'
