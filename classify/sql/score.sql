-- Scores. Each piece of evidence about a number is a row of
-- number_evidence with its points (a log-odds weight: positive says
-- collector, negative says not); a number's points are the sum plus a
-- prior of -4 (most numbers in a phone are not collectors), its score
-- 1 / (1 + e^-points), and it is a collector when the score reaches 0.5,
-- i.e. when the evidence for outweighs the prior and the evidence against.
-- Reports print the rows as the number's reasons, so every point shows.
--
-- The weights were set from what each fact means in the domain notes
-- (DOMAIN.md sections 1, 4 and 6), not fitted: a text that threatens,
-- insults, impersonates or exposes the debt is decisive on its own (+5);
-- a person's number demanding repayment of a loan nearly so (+4.5);
-- call behaviour alone (unanswered repeats, bursts, night calls) needs
-- the campaign context (a number that first appears once collection has
-- begun on that phone) or third-party contact to pass the prior.
--
-- campaign_new and third_party are filled before this runs; it runs
-- again after onset detection updates campaign_new.

DELETE FROM number_evidence;

-- Hidden callers are many people under one value: no conclusion.
INSERT INTO number_evidence (number, code, points, n)
SELECT number, 'texts_harassing', 5.0, threat + contacts_exposure + insult + impersonation
FROM numbers WHERE threat + contacts_exposure + insult + impersonation > 0 AND relay = 0 AND class <> 'hidden'
UNION ALL
-- A person (not a bank's or an app's gateway) writing to demand a debt.
SELECT number, 'texts_debt', 4.5 + CASE WHEN collection >= 3 THEN 1.0 ELSE 0 END, collection
FROM numbers WHERE collection > 0 AND relay = 0
	AND class NOT IN ('sms_gateway', 'service', 'carrier', 'short', 'shared_cost', 'toll_free', 'hidden')
UNION ALL
-- A gateway's repayment notice is the lender's formal notice (service)
-- unless other evidence joins it.
SELECT number, 'texts_notice', 1.0, collection
FROM numbers WHERE collection > 0 AND relay = 0
	AND class IN ('sms_gateway', 'service', 'carrier', 'short', 'shared_cost', 'toll_free')
UNION ALL
SELECT number, 'rotation_pool', 2.0, pool
FROM numbers WHERE pool >= 2 AND class <> 'hidden'
UNION ALL
SELECT number, 'calls_unanswered', CASE WHEN unanswered >= 2 THEN 1.5 ELSE 1.0 END, unanswered
FROM numbers WHERE unanswered >= 1 AND class <> 'hidden'
UNION ALL
-- A phone's blocklist or harassment filter (which flags numbers others
-- reported) stopped its calls.
SELECT number, 'calls_blocked', 1.0, blocked
FROM numbers WHERE blocked >= 1 AND class <> 'hidden'
UNION ALL
SELECT number, 'calls_burst', CASE WHEN max_calls_day >= 5 THEN 2.0 ELSE 1.0 END, max_calls_day
FROM numbers WHERE max_calls_day >= 3 AND class <> 'hidden'
UNION ALL
SELECT number, 'night', 0.5, night_in
FROM numbers WHERE night_in > 0 AND class <> 'hidden' AND calls_in + msgs_in > 0
	AND (collection + threat + contacts_exposure + insult + impersonation > 0 OR unanswered > 0)
UNION ALL
SELECT number, 'campaign_new', 2.5, 0
FROM numbers WHERE campaign_new AND class <> 'hidden'
	AND class IN ('mobile', 'virtual_mobile', 'fixed', 'invalid', 'foreign')
UNION ALL
SELECT number, 'third_party', 1.5, third_party
FROM numbers WHERE third_party > 0 AND class <> 'hidden'
	AND class IN ('mobile', 'virtual_mobile', 'fixed', 'invalid', 'foreign')
	AND (unanswered > 0 OR collection + threat + contacts_exposure + insult + impersonation > 0 OR campaign_new)
UNION ALL
SELECT number, 'virtual_range', 0.5, 0
FROM numbers WHERE class = 'virtual_mobile' AND calls_in + msgs_in > 0
UNION ALL
SELECT number, 'collector_name', 2.0, 0
FROM numbers WHERE collector_name
UNION ALL
-- Against: someone the phone's owner knows.
SELECT number, 'known_person', -3.0, 0
FROM numbers WHERE (in_contacts AND NOT collector_name) OR owner_first
UNION ALL
-- Against: they were in touch, both ways, before any collection began.
-- Their texts about a debt are most likely what collectors told them, or
-- a friend's joke or small loan: it takes more than a few texts to
-- outweigh this.
SELECT number, 'established', -6.0, history
FROM numbers WHERE history >= 3 AND ((in_contacts AND NOT collector_name) OR owner_first)
UNION ALL
-- Against: the phone's owner returned its missed call and talked, as one
-- does with a courier or a driver one is waiting for, not with a
-- collector's rotating number.
SELECT number, 'returned_call', -2.0, returned
FROM numbers WHERE returned > 0
UNION ALL
SELECT number, 'relays', -5.0, relay
FROM numbers WHERE relay > 0
UNION ALL
-- Against: what it sends is advertising, scams, codes or service notices.
SELECT number, 'commercial', -3.0, spam + fraud + service + verification
FROM numbers WHERE spam + fraud + service + verification > 0
	AND spam + fraud + service + verification >= collection + threat + contacts_exposure + insult + impersonation
	AND threat + contacts_exposure + insult + impersonation = 0;

UPDATE numbers SET points = -4.0 + coalesce(
	(SELECT sum(v.points) FROM number_evidence v WHERE v.number = numbers.number), 0);
UPDATE numbers SET score = round(lt_logistic(points), 4);

UPDATE numbers SET category = CASE
	WHEN class = 'hidden' THEN 'unknown'
	WHEN score >= 0.5 THEN 'collection'
	WHEN fraud > 0 AND fraud >= spam THEN 'fraud'
	WHEN spam > 0 AND spam >= service + verification THEN 'spam'
	WHEN class IN ('sms_gateway', 'service', 'carrier', 'short', 'shared_cost', 'toll_free') THEN 'service'
	-- Someone the owner knows: saved, or in touch both ways and more than
	-- once (returning a courier's call once does not make a contact).
	WHEN in_contacts OR (calls_in + msgs_in > 0 AND out_days >= 2
		AND ((msgs_in > 0 AND msgs_out > 0) OR out_days >= 4)) THEN 'contact'
	ELSE 'unknown'
END;
