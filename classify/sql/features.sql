-- Number features. Go has filled, before this runs:
--   lt_params(owner)            the debtor's phone
--   lt_zone(start, off)         the case zone's UTC offset (ms) from start (Unix ms) on
--   number_labels(number, collection, threat ...)   how many messages
--                               each number sent with each label (a scam's
--                               or an advertisement's collection words not
--                               counted: see labelCounts in analyze.go)
-- and event_labels. Functions from Go: lt_collector_name(name) is 1 when a
-- name saved for a number says it is a collector (催收别接).

-- daily: what each number did with each phone on each local day, the one
-- pass over all events. Everything below reads this (far smaller) table.
DROP TABLE IF EXISTS temp.daily;
CREATE TEMP TABLE daily AS
WITH e AS (
	SELECT e.id, e.number, e.number_class, e.phone, e.kind, e.direction, e.status,
		e.at, e.duration_s, e.contact_name,
		e.at + (SELECT z.off FROM lt_zone z WHERE z.start <= e.at ORDER BY z.start DESC LIMIT 1) AS lt
	FROM events e
	WHERE e.same_as IS NULL AND e.number <> ''
),
f AS (
	SELECT e.*,
		CASE WHEN e.lt >= 0 THEN e.lt / 86400000 ELSE (e.lt - 86399999) / 86400000 END AS day,
		e.kind = 'call' AND e.direction = 'in' AS call_in,
		e.kind <> 'call' AND e.direction = 'in' AS msg_in
	FROM e
)
SELECT f.number, f.phone, f.day,
	min(f.number_class)                                         AS class,
	max(f.contact_name)                                         AS contact_name,
	count(*)                                                    AS events,
	min(f.at)                                                   AS first_at,
	max(f.at)                                                   AS last_at,
	min(f.at) FILTER (WHERE f.direction = 'in')                 AS first_in,
	min(f.at) FILTER (WHERE f.direction = 'out')                AS first_out,
	count(*) FILTER (WHERE f.call_in)                           AS calls_in,
	count(*) FILTER (WHERE f.kind = 'call' AND f.direction = 'out') AS calls_out,
	count(*) FILTER (WHERE f.call_in AND (f.status IN ('missed', 'rejected', 'blocked', 'voicemail')
		OR (f.status = 'answered' AND f.duration_s BETWEEN 0 AND 5)))   AS unanswered,
	count(*) FILTER (WHERE f.call_in AND f.status = 'answered'
		AND coalesce(f.duration_s, 1) > 0)                      AS connected,
	count(*) FILTER (WHERE f.call_in AND f.status = 'blocked')  AS blocked,
	min(f.at) FILTER (WHERE f.call_in AND f.status IN ('missed', 'rejected', 'voicemail')) AS first_missed,
	max(f.at) FILTER (WHERE f.kind = 'call' AND f.direction = 'out' AND f.status = 'answered'
		AND coalesce(f.duration_s, 1) > 0)                      AS last_call_out,
	coalesce(sum(f.duration_s) FILTER (WHERE f.kind = 'call' AND f.status = 'answered' AND f.duration_s > 0), 0) AS talk_s,
	count(*) FILTER (WHERE f.msg_in)                            AS msgs_in,
	count(*) FILTER (WHERE f.kind <> 'call' AND f.direction = 'out') AS msgs_out,
	count(*) FILTER (WHERE f.direction = 'in'
		AND ((f.lt % 86400000 + 86400000) % 86400000 >= 22 * 3600000
		  OR (f.lt % 86400000 + 86400000) % 86400000 < 8 * 3600000)) AS night_in
FROM f
GROUP BY f.number, f.phone, f.day;
CREATE INDEX temp.daily_number ON daily(number, phone, day);

-- names: what each phone calls each number, from its address book and
-- from the names its logs show.
DROP TABLE IF EXISTS temp.names;
CREATE TEMP TABLE names AS
SELECT DISTINCT number, phone, contact_name AS name FROM daily WHERE contact_name <> ''
UNION
SELECT number, phone, name FROM contacts WHERE number <> '' AND name <> '';
CREATE INDEX temp.names_number ON names(number, phone);

-- pairs: each number with each phone it touched.
DROP TABLE IF EXISTS temp.pairs;
CREATE TEMP TABLE pairs AS
SELECT d.number, d.phone,
	min(d.day)       AS first_day,
	max(d.day)       AS last_day,
	min(d.first_in)  AS first_in,
	min(d.first_out) AS first_out,
	sum(d.events) FILTER (WHERE d.first_in IS NOT NULL) AS events_in,
	EXISTS (SELECT 1 FROM names n WHERE n.number = d.number AND n.phone = d.phone) AS known
FROM daily d
GROUP BY d.number, d.phone;
CREATE INDEX temp.pairs_number ON pairs(number, phone);

INSERT INTO numbers (number, class, phones, first_at, last_at, events,
	calls_in, calls_out, unanswered, connected, blocked, talk_s, msgs_in, msgs_out,
	night_in, active_days, out_days, max_calls_day, owner_first, returned,
	collection, threat, contacts_exposure, insult, impersonation, relay,
	loan, spam, fraud, service, verification)
SELECT d.number, min(d.class),
	(SELECT group_concat(p.phone, ' ' ORDER BY p.phone) FROM pairs p WHERE p.number = d.number),
	min(d.first_at), max(d.last_at), sum(d.events),
	sum(d.calls_in), sum(d.calls_out), sum(d.unanswered), sum(d.connected), sum(d.blocked), sum(d.talk_s),
	sum(d.msgs_in), sum(d.msgs_out), sum(d.night_in),
	count(*) FILTER (WHERE d.calls_in + d.msgs_in > 0),
	count(*) FILTER (WHERE d.calls_out + d.msgs_out > 0),
	max(d.calls_in),
	EXISTS (SELECT 1 FROM pairs p WHERE p.number = d.number AND p.first_out IS NOT NULL
		AND (p.first_in IS NULL OR p.first_out < p.first_in)),
	count(*) FILTER (WHERE d.last_call_out > d.first_missed),
	coalesce(max(l.collection), 0), coalesce(max(l.threat), 0), coalesce(max(l.contacts_exposure), 0),
	coalesce(max(l.insult), 0), coalesce(max(l.impersonation), 0), coalesce(max(l.relay), 0),
	coalesce(max(l.loan), 0), coalesce(max(l.spam), 0), coalesce(max(l.fraud), 0),
	coalesce(max(l.service), 0), coalesce(max(l.verification), 0)
FROM daily d LEFT JOIN number_labels l ON l.number = d.number
GROUP BY d.number;

UPDATE numbers SET
	contact_name = coalesce((SELECT group_concat(name, ' / ' ORDER BY name)
		FROM (SELECT DISTINCT n.name FROM names n WHERE n.number = numbers.number)), ''),
	in_contacts = EXISTS (SELECT 1 FROM names n WHERE n.number = numbers.number),
	collector_name = coalesce((SELECT max(lt_collector_name(n.name)) FROM names n WHERE n.number = numbers.number), 0),
	third_party = coalesce((SELECT sum(p.events_in) FROM pairs p, lt_params
		WHERE p.number = numbers.number AND p.phone <> lt_params.owner AND NOT p.known), 0);

-- pool: the same debt text (digits folded) sent from several numbers is
-- one operation rotating its numbers.
DROP TABLE IF EXISTS temp.texts;
CREATE TEMP TABLE texts AS
SELECT DISTINCT e.number, l.template
FROM event_labels l JOIN events e ON e.id = l.event_id
WHERE l.template <> '' AND e.direction = 'in' AND e.same_as IS NULL;
CREATE INDEX temp.texts_number ON texts(number);
DROP TABLE IF EXISTS temp.text_senders;
CREATE TEMP TABLE text_senders AS
SELECT template, count(*) AS senders FROM texts GROUP BY template;
CREATE INDEX temp.text_senders_template ON text_senders(template);
UPDATE numbers SET pool = coalesce((
	SELECT max(s.senders) - 1 FROM texts t JOIN text_senders s USING (template)
	WHERE t.number = numbers.number), 0);
