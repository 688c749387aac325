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

. bench/lib.sh

rm -f "$dir"/case.db "$dir"/case.db-*
measure "leaktrail import" "$dir/leaktrail" import --db "$dir/case.db" "$dir/messages.xml" "$dir/calls.xml"
floor "$dir/case.db" "$dir"
