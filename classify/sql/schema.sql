-- The derived tables analyze writes. They are dropped and rebuilt on every
-- run, in one transaction, from events, contacts and the rules: never edit
-- them by hand. Reports read them.

DROP TABLE IF EXISTS violation_events;
DROP TABLE IF EXISTS violations;
DROP TABLE IF EXISTS number_evidence;
DROP TABLE IF EXISTS numbers;
DROP TABLE IF EXISTS event_labels;
DROP TABLE IF EXISTS analysis;

-- Case facts, one JSON value per key: timezone, owner, onset, leak,
-- platforms, counts, rules_version.
CREATE TABLE analysis (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

-- Labels of each message that got at least one (see classify/README.md).
CREATE TABLE event_labels (
	event_id          INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
	labels            TEXT    NOT NULL, -- space-separated, sorted
	rules             TEXT    NOT NULL, -- ids of the rules that fired, space-separated, sorted
	platforms         TEXT    NOT NULL, -- lending platforms the text names, space-separated
	template          TEXT    NOT NULL DEFAULT '', -- debt texts: the text with digits folded, to find one text sent from several numbers
	mask              INTEGER NOT NULL, -- the labels as bits, in the order of the columns below
	-- One column per label, 0 or 1, computed from mask when read.
	collection        INTEGER GENERATED ALWAYS AS (mask & 1) VIRTUAL,
	threat            INTEGER GENERATED ALWAYS AS ((mask >> 1) & 1) VIRTUAL,
	contacts_exposure INTEGER GENERATED ALWAYS AS ((mask >> 2) & 1) VIRTUAL,
	insult            INTEGER GENERATED ALWAYS AS ((mask >> 3) & 1) VIRTUAL,
	impersonation     INTEGER GENERATED ALWAYS AS ((mask >> 4) & 1) VIRTUAL,
	relay             INTEGER GENERATED ALWAYS AS ((mask >> 5) & 1) VIRTUAL,
	loan              INTEGER GENERATED ALWAYS AS ((mask >> 6) & 1) VIRTUAL,
	spam              INTEGER GENERATED ALWAYS AS ((mask >> 7) & 1) VIRTUAL,
	fraud             INTEGER GENERATED ALWAYS AS ((mask >> 8) & 1) VIRTUAL,
	service           INTEGER GENERATED ALWAYS AS ((mask >> 9) & 1) VIRTUAL,
	verification      INTEGER GENERATED ALWAYS AS ((mask >> 10) & 1) VIRTUAL
);

-- One row per distinct canonical number seen in events: what it did
-- (features), what analyze concluded (category, score) and why (points,
-- reasons). Counts take each call or message once (events.same_as IS NULL).
CREATE TABLE numbers (
	number         TEXT    PRIMARY KEY,
	class          TEXT    NOT NULL,
	contact_name   TEXT    NOT NULL DEFAULT '', -- names phones gave it, ' / '-joined
	in_contacts    INTEGER NOT NULL DEFAULT 0,  -- saved on some phone (address book or a name on its events)
	collector_name INTEGER NOT NULL DEFAULT 0,  -- saved under a name such as 催收别接
	phones         TEXT    NOT NULL,            -- phones it reached or was reached from, space-separated, sorted
	first_at       INTEGER NOT NULL,            -- Unix ms UTC
	last_at        INTEGER NOT NULL,
	events         INTEGER NOT NULL,
	calls_in       INTEGER NOT NULL,
	calls_out      INTEGER NOT NULL,
	unanswered     INTEGER NOT NULL,            -- incoming calls missed, rejected, blocked, to voicemail, or cut within 5 s
	connected      INTEGER NOT NULL,            -- incoming calls answered (talk > 0 s or status answered)
	blocked        INTEGER NOT NULL,            -- incoming calls the phone's blocklist or harassment filter stopped
	talk_s         INTEGER NOT NULL,            -- seconds talked, both directions
	msgs_in        INTEGER NOT NULL,
	msgs_out       INTEGER NOT NULL,
	night_in       INTEGER NOT NULL,            -- incoming calls and messages 22:00-08:00 local
	active_days    INTEGER NOT NULL,            -- local days with an incoming call or message
	out_days       INTEGER NOT NULL,            -- local days a phone called or texted it
	max_calls_day  INTEGER NOT NULL,            -- most incoming calls on one local day
	owner_first    INTEGER NOT NULL,            -- a phone called or texted it before it ever called or texted in
	returned       INTEGER NOT NULL,            -- days a phone called it back, and got through, after missing its call
	collection     INTEGER NOT NULL,            -- incoming messages with each label
	threat         INTEGER NOT NULL,
	contacts_exposure INTEGER NOT NULL,
	insult         INTEGER NOT NULL,
	impersonation  INTEGER NOT NULL,
	relay          INTEGER NOT NULL,
	loan           INTEGER NOT NULL,
	spam           INTEGER NOT NULL,
	fraud          INTEGER NOT NULL,
	service        INTEGER NOT NULL,
	verification   INTEGER NOT NULL,
	pool           INTEGER NOT NULL DEFAULT 0,  -- other numbers that sent one of its debt texts
	third_party    INTEGER NOT NULL DEFAULT 0,  -- events on a phone other than the owner's that does not know it
	campaign_new   INTEGER NOT NULL DEFAULT 0,  -- first seen on each phone it reached once collection there had begun, never contacted first, not saved
	history        INTEGER NOT NULL DEFAULT 0,  -- days with traffic before collection began on the phone, with a phone that has called or texted it
	points         REAL    NOT NULL DEFAULT 0,  -- sum of the evidence points (score.sql)
	score          REAL    NOT NULL DEFAULT 0,  -- 1 / (1 + exp(-points)): how strongly it looks like a collector
	category       TEXT    NOT NULL DEFAULT 'unknown'
) WITHOUT ROWID;

-- The evidence behind each number's score: one row per fact, with the
-- points it adds (score.sql explains the weights) and a count (texts,
-- calls ... as the code says; 0 when the fact is a yes/no).
CREATE TABLE number_evidence (
	number TEXT    NOT NULL REFERENCES numbers(number) ON DELETE CASCADE,
	code   TEXT    NOT NULL,
	points REAL    NOT NULL,
	n      INTEGER NOT NULL,
	PRIMARY KEY (number, code)
) WITHOUT ROWID;

-- Possible violations of collection rules (DOMAIN.md section 3): one row
-- per finding (a day, a number and day, an event), with the events behind
-- it in violation_events.
CREATE TABLE violations (
	id       INTEGER PRIMARY KEY,
	rule     TEXT    NOT NULL, -- night_contact, daily_connected_calls, daily_attempts, third_party_contact, threat, insult, impersonation
	day      TEXT    NOT NULL, -- local date 2006-01-02 of the first event
	number   TEXT    NOT NULL DEFAULT '', -- the collector number, when the finding is about one
	phone    TEXT    NOT NULL DEFAULT '', -- the phone reached, when the finding is about one
	count    INTEGER NOT NULL,  -- events behind it
	first_at INTEGER NOT NULL,
	last_at  INTEGER NOT NULL
);
CREATE INDEX violations_rule ON violations(rule, first_at);

CREATE TABLE violation_events (
	violation_id INTEGER NOT NULL REFERENCES violations(id) ON DELETE CASCADE,
	event_id     INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
	PRIMARY KEY (violation_id, event_id)
) WITHOUT ROWID;
