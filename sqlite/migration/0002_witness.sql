-- Who recorded an event: the phone's own log ('phone') or the carrier's
-- detail bill ('carrier'). A call in both is one call with two witnesses:
-- the carrier's record points at the phone's with same_as, and every count
-- of calls and messages takes only events whose same_as is NULL.
ALTER TABLE events ADD COLUMN witness TEXT NOT NULL DEFAULT 'phone';
ALTER TABLE events ADD COLUMN same_as INTEGER REFERENCES events(id) ON DELETE SET NULL;
CREATE INDEX events_same_as ON events(same_as) WHERE same_as IS NOT NULL;
CREATE INDEX events_carrier ON events(witness, kind) WHERE witness = 'carrier';
