-- One row per imported file. A source is complete once its import has
-- finished; an incomplete source is the trace of an interrupted import and is
-- replaced when the same file is imported again.
CREATE TABLE sources (
	id          INTEGER PRIMARY KEY,
	path        TEXT    NOT NULL,           -- path as given on the command line
	name        TEXT    NOT NULL,           -- base name
	sha256      TEXT    NOT NULL UNIQUE,    -- hex SHA-256 of the file's bytes
	size        INTEGER NOT NULL,           -- bytes
	format      TEXT    NOT NULL,           -- importer: sbr-messages, sbr-calls, vcard ...
	phone       TEXT    NOT NULL,           -- whose phone: owner, mother ...
	timezone    TEXT    NOT NULL,           -- zone used for local wall-clock times
	imported_at INTEGER NOT NULL,           -- Unix ms UTC
	complete    INTEGER NOT NULL DEFAULT 0, -- 1 once read = inserted + duplicates + rejected
	read        INTEGER NOT NULL DEFAULT 0,
	inserted    INTEGER NOT NULL DEFAULT 0,
	duplicates  INTEGER NOT NULL DEFAULT 0,
	rejected    INTEGER NOT NULL DEFAULT 0
);

-- Calls and messages. Times are Unix milliseconds UTC; the same event seen
-- in two exports of the same phone has the same dedupe_key and is stored
-- once.
CREATE TABLE events (
	id           INTEGER PRIMARY KEY,
	source_id    INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	locator      TEXT    NOT NULL,        -- "line 12 byte 3456", "sheet 2026年03月 row 17"
	phone        TEXT    NOT NULL,        -- whose phone recorded it
	kind         TEXT    NOT NULL,        -- call, sms, mms
	direction    TEXT    NOT NULL,        -- in, out, or '' when the export does not say
	status       TEXT    NOT NULL,        -- answered, missed, rejected, blocked, voicemail, sent, received, draft, failed, queued, ''
	at           INTEGER NOT NULL,        -- Unix ms UTC
	number_raw   TEXT    NOT NULL,        -- the peer's number as exported
	number       TEXT    NOT NULL,        -- canonical: +8613800138000, 95588, 1069..., hidden
	number_class TEXT    NOT NULL,        -- mobile, virtual_mobile, fixed, service, carrier, sms_gateway, shared_cost, toll_free, short, hidden, foreign, invalid
	others       TEXT    NOT NULL DEFAULT '', -- other members of a group message, canonical, space separated
	duration_s   INTEGER,                 -- calls: seconds; NULL when unknown
	body         TEXT    NOT NULL DEFAULT '',
	subject      TEXT    NOT NULL DEFAULT '',
	contact_name TEXT    NOT NULL DEFAULT '', -- name the phone showed
	attachments  TEXT    NOT NULL DEFAULT '', -- JSON array of {content_type, name, size}; content not stored
	flags        TEXT    NOT NULL DEFAULT '', -- space-separated facts: presentation_restricted, answered_elsewhere ...
	dedupe_key   INTEGER NOT NULL -- 64 bits of a SHA-256 of what was recorded; unique with at
);
-- The dedupe key hashes the time too, so (at, dedupe_key) is unique exactly
-- when dedupe_key is; leading with at keeps inserts of time-sorted exports
-- at the end of the index instead of at random places, and serves queries
-- by time.
CREATE UNIQUE INDEX events_dedupe ON events(at, dedupe_key);
-- No index by number here: keeping one up to date through a bulk import
-- of time-sorted rows writes pages all over the file and halves import
-- speed. Analysis builds the indexes it needs when it runs.

-- Address book entries: one row per number of a person.
CREATE TABLE contacts (
	id           INTEGER PRIMARY KEY,
	source_id    INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	locator      TEXT    NOT NULL,
	phone        TEXT    NOT NULL,
	name         TEXT    NOT NULL,
	number_raw   TEXT    NOT NULL,
	number       TEXT    NOT NULL,
	number_class TEXT    NOT NULL,
	label        TEXT    NOT NULL DEFAULT '',
	org          TEXT    NOT NULL DEFAULT '',
	dedupe_key   INTEGER NOT NULL UNIQUE -- 64 bits of a SHA-256 of phone, name and number
);
CREATE INDEX contacts_number ON contacts(number);

-- Input records that could not be imported, with why and where.
CREATE TABLE rejects (
	id        INTEGER PRIMARY KEY,
	source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	locator   TEXT    NOT NULL,
	reason    TEXT    NOT NULL,
	excerpt   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX rejects_source ON rejects(source_id);
