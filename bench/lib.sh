# Shared by the benchmark scripts: source it from the repository root.

measure() { # label, command...: prints wall seconds and peak RSS
	local label=$1
	shift
	/usr/bin/time -f "$(printf '%-34s' "$label") %e s wall, %U s user, %S s sys, %M KB peak RSS" "$@" >/dev/null
}

# floor DB DIR: the floor for "getting rows into SQLite": the events of
# leaktrail's case DB, exported as CSV into DIR, loaded by the sqlite3
# CLI's .import into a table of the same columns without indexes, timed;
# then both row counts.
floor() {
	local db=$1 dir=$2
	local cols="source_id, locator, phone, kind, direction, status, at, number_raw, number, number_class, others, duration_s, body, subject, contact_name, attachments, flags, witness, dedupe_key"
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
}
