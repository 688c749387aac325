#!/usr/bin/env bash
# The whole-pipeline benchmark (issue 6): a generated SMS Backup & Restore
# case is imported, analyzed and reported, each step timed with its peak
# RSS by GNU time; then `run` does all three at once; then the sqlite3
# CLI's .import loads the same rows from CSV, the floor for "getting rows
# into SQLite". With GROWTH=1 it also times analyze and report on cases of
# 10k, 100k and 1M events, to show how they scale.
#
# Usage: bench/run.sh [DIR]      (needs sqlite3 and /usr/bin/time:
#        apt-get install sqlite3 time)
# MESSAGES and CALLS set the case's size (default 560k + 140k = 700k events;
# every 200th message an MMS with a 20 kB picture, ~300 MB of XML).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-$(mktemp -d)}
mkdir -p "$dir"
messages=${MESSAGES:-560000}
calls=${CALLS:-140000}
now=2026-03-01T00:00:00Z

go build -o "$dir/leaktrail" ./cmd/leaktrail
lt="$dir/leaktrail"

measure() { # label, command...: prints wall seconds and peak RSS
	local label=$1
	shift
	/usr/bin/time -f "$(printf '%-34s' "$label") %e s wall, %U s user, %S s sys, %M KB peak RSS" "$@" >/dev/null
}

case_files() { # dir, messages, calls
	mkdir -p "$1"
	go run ./internal/synth/synthgen -out "$1" -messages "$2" -calls "$3" -mms-every 200 >/dev/null
}

echo "== $messages messages + $calls calls"
case_files "$dir/case" "$messages" "$calls"
ls -l "$dir/case/messages.xml" "$dir/case/calls.xml"
db="$dir/case/case.db"
rm -f "$db" "$db"-*
measure "import" "$lt" import --db "$db" "$dir/case/messages.xml" "$dir/case/calls.xml"
measure "analyze" "$lt" analyze --db "$db"
rm -rf "$dir/report"
measure "report (html xlsx json csv md)" "$lt" report --db "$db" --out "$dir/report" --now "$now"
rm -rf "$dir/run"
measure "run (import + analyze + report)" "$lt" run --out "$dir/run" --now "$now" "$dir/case/messages.xml" "$dir/case/calls.xml"

cols="source_id, locator, phone, kind, direction, status, at, number_raw, number, number_class, others, duration_s, body, subject, contact_name, attachments, flags, witness, dedupe_key"
sqlite3 "$db" -csv "SELECT $cols FROM events" >"$dir/events.csv"
rm -f "$dir/floor.db"
cat >"$dir/floor.sql" <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE events ($cols);
.mode csv
.import $dir/events.csv events
SQL
measure "sqlite3 .import (the floor)" sqlite3 "$dir/floor.db" ".read $dir/floor.sql"
echo "rows: leaktrail $(sqlite3 "$db" "SELECT count(*) FROM events"), sqlite3 .import $(sqlite3 "$dir/floor.db" "SELECT count(*) FROM events")"

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
