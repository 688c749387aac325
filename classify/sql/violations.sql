-- Possible violations of the collection rules of DOMAIN.md section 3,
-- found in the events of numbers categorized as collection. The limits:
--   night_contact          no contact 22:00-08:00 local time
--   daily_connected_calls  at most 3 connected calls to the debtor a day
--   daily_attempts         at most 6 calls a day from one number to one phone
--   third_party_contact    no contact with third parties about the debt:
--                          collector calls and texts on a relative's phone,
--                          texts threatening or reporting disclosure to
--                          contacts, relatives relaying collectors' calls
--   threat, insult, impersonation   texts that threaten, insult, or pose as
--                          police, court or lawyer
-- A finding groups the events of one rule on one local day (and one
-- number or phone where the rule is about one); its events are listed in
-- violation_events.

DROP TABLE IF EXISTS temp.cev;
CREATE TEMP TABLE cev AS
WITH e AS (
	SELECT e.id, e.number, e.phone, e.kind, e.direction, e.status, e.duration_s, e.at,
		e.at + (SELECT z.off FROM lt_zone z WHERE z.start <= e.at ORDER BY z.start DESC LIMIT 1) AS lt,
		n.category
	FROM events e JOIN numbers n ON n.number = e.number
	WHERE e.same_as IS NULL AND e.direction = 'in'
		AND (n.category = 'collection' OR e.id IN (SELECT event_id FROM event_labels WHERE relay))
)
SELECT e.id, e.number, e.phone, e.kind, e.status, e.duration_s, e.at, e.category,
	CASE WHEN e.lt >= 0 THEN e.lt / 86400000 ELSE (e.lt - 86399999) / 86400000 END AS day,
	((e.lt % 86400000 + 86400000) % 86400000) / 3600000 AS hour,
	coalesce(l.threat, 0) AS threat, coalesce(l.insult, 0) AS insult,
	coalesce(l.impersonation, 0) AS impersonation,
	coalesce(l.contacts_exposure, 0) AS contacts_exposure, coalesce(l.relay, 0) AS relay
FROM e LEFT JOIN event_labels l ON l.event_id = e.id;

DROP TABLE IF EXISTS temp.fev;
CREATE TEMP TABLE fev (rule TEXT, day INTEGER, number TEXT, phone TEXT, event_id INTEGER, at INTEGER);

INSERT INTO fev
SELECT 'night_contact', day, '', phone, id, at FROM cev
WHERE category = 'collection' AND (hour >= 22 OR hour < 8);

INSERT INTO fev
SELECT 'daily_connected_calls', day, '', phone, id, at FROM cev, lt_params
WHERE category = 'collection' AND phone = lt_params.owner AND kind = 'call'
	AND status = 'answered' AND coalesce(duration_s, 1) > 0;

INSERT INTO fev
SELECT 'daily_attempts', day, number, phone, id, at FROM cev
WHERE category = 'collection' AND kind = 'call';

INSERT INTO fev
SELECT 'third_party_contact', day, number, phone, id, at FROM cev, lt_params
WHERE (category = 'collection' AND phone <> lt_params.owner)
	OR (category = 'collection' AND kind <> 'call' AND contacts_exposure)
	OR (category <> 'collection' AND kind <> 'call' AND relay);

INSERT INTO fev
SELECT 'threat', day, number, phone, id, at FROM cev
WHERE category = 'collection' AND kind <> 'call' AND threat;

INSERT INTO fev
SELECT 'insult', day, number, phone, id, at FROM cev
WHERE category = 'collection' AND kind <> 'call' AND insult;

INSERT INTO fev
SELECT 'impersonation', day, number, phone, id, at FROM cev
WHERE category = 'collection' AND kind <> 'call' AND impersonation;

CREATE INDEX temp.fev_key ON fev(rule, day, number, phone);

INSERT INTO violations (rule, day, number, phone, count, first_at, last_at)
SELECT rule, date(day * 86400, 'unixepoch'), number, phone, count(*), min(at), max(at)
FROM fev
GROUP BY rule, day, number, phone
HAVING (rule = 'daily_connected_calls' AND count(*) > 3)
	OR (rule = 'daily_attempts' AND count(*) > 6)
	OR rule NOT IN ('daily_connected_calls', 'daily_attempts')
ORDER BY rule, min(at), number, phone;

INSERT INTO violation_events (violation_id, event_id)
SELECT v.id, f.event_id
FROM violations v JOIN fev f
	ON f.rule = v.rule AND f.day = CAST(julianday(v.day) - 2440587.5 AS INTEGER)
	AND f.number = v.number AND f.phone = v.phone
ORDER BY v.id, f.event_id;
