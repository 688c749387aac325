#!/usr/bin/env bash
# Import benchmark (issue 2): leaktrail imports a generated SMS Backup &
# Restore case of 500k messages (every 100th an MMS with a 20 kB image) and
# 100k calls; then the sqlite3 CLI's .import loads the same rows, exported
# as CSV, into a table of the same columns without indexes: the floor for
# "getting rows into SQLite". Both are timed by GNU time in the same run.
#
# Usage: bench/import.sh [DIR]   (needs sqlite3 and /usr/bin/time:
#        apt-get install sqlite3 time)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-$(mktemp -d)}
mkdir -p "$dir"
messages=${MESSAGES:-500000}
calls=${CALLS:-100000}

go build -o "$dir/leaktrail" ./cmd/leaktrail
go run ./internal/synth/synthgen -out "$dir" -messages "$messages" -calls "$calls"
ls -l "$dir"/messages.xml "$dir"/calls.xml

measure() { # label, command...: prints wall seconds and peak RSS
	local label=$1
	shift
	/usr/bin/time -f "$label %e s wall, %U s user, %S s sys, %M KB peak RSS" "$@" >/dev/null
}

rm -f "$dir"/case.db "$dir"/case.db-*
measure "leaktrail import:" "$dir/leaktrail" import --db "$dir/case.db" "$dir/messages.xml" "$dir/calls.xml"
rows=$(sqlite3 "$dir/case.db" "SELECT count(*) FROM events")

cols="source_id, locator, phone, kind, direction, status, at, number_raw, number, number_class, others, duration_s, body, subject, contact_name, attachments, flags, witness, dedupe_key"
sqlite3 "$dir/case.db" -csv "SELECT $cols FROM events" >"$dir/events.csv"
rm -f "$dir/floor.db"
cat >"$dir/floor.sql" <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE events ($cols);
.mode csv
.import $dir/events.csv events
SQL
measure "sqlite3 .import of the same rows as CSV:" sqlite3 "$dir/floor.db" ".read $dir/floor.sql"
floor=$(sqlite3 "$dir/floor.db" "SELECT count(*) FROM events")
echo "rows: leaktrail $rows, sqlite3 .import $floor"
