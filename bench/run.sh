#!/usr/bin/env bash
# The whole-pipeline benchmark (issue 6): a generated case is imported,
# analyzed and reported, each step timed with its peak RSS by GNU time;
# then `run` does all three at once; then the sqlite3 CLI's .import loads
# the same rows from CSV, the floor for "getting rows into SQLite". With
# GROWTH=1 it also times analyze and report on cases of 10k, 100k and 1M
# events, to show how they scale. With BIG=1 it imports a 2.1 GB backup
# dominated by MMS pictures (100k messages, every second an MMS with a
# 30 kB image), for the peak RSS of a scan of a file that size.
#
# The case (internal/synth/synthgen, one seed): the owner's SMS Backup &
# Restore messages and calls, China Mobile call bill (XLSX; most of its
# calls are calls of calls.xml, which import links) and address book
# (vCard), and the mother's call and message logs (GBK CSV), in which the
# collectors of the owner's messages call and text her.
#
# Usage: bench/run.sh [DIR]      (needs sqlite3 and /usr/bin/time:
#        apt-get install sqlite3 time)
# Sizes: MESSAGES (default 500k; every 200th message an MMS with a 20 kB
# picture, ~265 MB of XML), CALLS (100k), BILL_ROWS (40k), CONTACTS (1000
# cards, which are not events) and RELATIVE_ROWS (60k, two thirds messages):
# 700k events in all.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-$(mktemp -d)}
mkdir -p "$dir"
messages=${MESSAGES:-500000}
calls=${CALLS:-100000}
bill_rows=${BILL_ROWS:-40000}
contacts=${CONTACTS:-1000}
relative_rows=${RELATIVE_ROWS:-60000}
now=2026-03-01T00:00:00Z

go build -o "$dir/leaktrail" ./cmd/leaktrail
lt="$dir/leaktrail"

. bench/lib.sh

case_files() { # dir, messages, calls[, bill rows, contacts, relative rows]
	mkdir -p "$1"
	go run ./internal/synth/synthgen -out "$1" -messages "$2" -calls "$3" -mms-every 200 \
		-bill-rows "${4:-0}" -contacts "${5:-0}" -relative-rows "${6:-0}" >/dev/null
}

echo "== $messages messages + $calls calls + $bill_rows bill rows + $relative_rows rows of the mother's log; $contacts contacts"
c="$dir/case"
case_files "$c" "$messages" "$calls" "$bill_rows" "$contacts" "$relative_rows"
owner=("$c/messages.xml" "$c/calls.xml")
mother=()
if [ "$bill_rows" -gt 0 ]; then owner+=("$c/bill.xlsx"); fi
if [ "$contacts" -gt 0 ]; then owner+=("$c/contacts.vcf"); fi
if [ "$relative_rows" -gt 0 ]; then mother+=("$c/relative-messages.csv" "$c/relative-calls.csv"); fi
ls -l "${owner[@]}" "${mother[@]}"
db="$c/case.db"
rm -f "$db" "$db"-*
# `import` takes one phone's files at a time: the owner's, then the mother's.
{
	printf '%q ' "$lt" import --db "$db" "${owner[@]}"
	echo
	if [ ${#mother[@]} -gt 0 ]; then
		printf '%q ' "$lt" import --db "$db" --phone mother "${mother[@]}"
		echo
	fi
} >"$dir/import-case.sh"
measure "import (owner's, then mother's)" bash -e "$dir/import-case.sh"
sqlite3 -header -column "$db" "SELECT name, format, phone, read, inserted, duplicates, rejected FROM sources ORDER BY id"
echo "bill rows linked to the phone's calls: $(sqlite3 "$db" "SELECT count(*) FROM events WHERE same_as IS NOT NULL")"
measure "analyze" "$lt" analyze --db "$db"
rm -rf "$dir/report"
measure "report (html xlsx json csv md)" "$lt" report --db "$db" --out "$dir/report" --now "$now"
rm -rf "$dir/run"
measure "run (import + analyze + report)" "$lt" run --out "$dir/run" --now "$now" "${owner[@]}" "${mother[@]/#/mother=}"

floor "$db" "$dir"

if [ "${GROWTH:-0}" = 1 ]; then
	for n in 10000 100000 1000000; do
		echo "== growth: $n events"
		g="$dir/growth-$n"
		case_files "$g" $((n * 8 / 10)) $((n * 2 / 10))
		rm -f "$g/case.db" "$g/case.db"-*
		measure "import $n" "$lt" import --db "$g/case.db" "$g/messages.xml" "$g/calls.xml"
		measure "analyze $n" "$lt" analyze --db "$g/case.db"
		rm -rf "$g/report"
		measure "report html+xlsx $n" "$lt" report --db "$g/case.db" --out "$g/report" --format html,xlsx --now "$now"
	done
fi

if [ "${BIG:-0}" = 1 ]; then
	echo "== big: 100k messages, every second an MMS with a 30 kB picture"
	b="$dir/big"
	mkdir -p "$b"
	go run ./internal/synth/synthgen -out "$b" -messages 100000 -calls 10 -mms-every 2 -image-bytes 30000 >/dev/null
	ls -l "$b/messages.xml"
	rm -f "$b/case.db" "$b/case.db"-*
	measure "import 2 GB of MMS" "$lt" import --db "$b/case.db" "$b/messages.xml"
fi
