-- campaign_new: a number that first appeared on every phone it touched on
-- or after the day collection began there (lt_onset, from onset
-- detection; a day of slack, since a campaign's first numbers are what
-- dates it), that no phone contacted first and that no phone has saved.
-- Rotating collectors look exactly like this; so do a few couriers and
-- drivers, which is why this alone does not pass the prior (score.sql).
UPDATE numbers SET campaign_new = (
	NOT owner_first AND NOT in_contacts AND class <> 'hidden'
	AND NOT EXISTS (
		SELECT 1 FROM pairs p LEFT JOIN lt_onset o ON o.phone = p.phone
		WHERE p.number = numbers.number AND (o.day IS NULL OR p.first_day < o.day - 1)));

-- history: an established relationship predates the campaign. Days on
-- which the number and a phone that has itself called or texted it were
-- in touch before collection began on that phone (on a phone without an
-- onset, every day counts).
UPDATE numbers SET history = coalesce((
	SELECT count(*) FROM daily d
	JOIN pairs p ON p.number = d.number AND p.phone = d.phone AND p.first_out IS NOT NULL
	LEFT JOIN lt_onset o ON o.phone = d.phone
	WHERE d.number = numbers.number AND (o.day IS NULL OR d.day < o.day)), 0);
