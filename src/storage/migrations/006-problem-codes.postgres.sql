-- Stored sentences become codes: see 006-problem-codes.sqlite.sql for why. The same sentences,
-- matched with regular expressions; codes are stored as JSON text, as the adapters write them.

-- Why a schedule is paused.
UPDATE tip_schedules
SET paused_reason = json_build_object('code', 'missing-access', 'channelId', substring(paused_reason from '^I may not post in <#([0-9]+)>: '))::text
WHERE paused_reason ~ '^I may not post in <#[0-9]+>: give me View Channel, Send Messages and Embed Links there, then run /privacy-tips schedule again[.]$';

UPDATE tip_schedules
SET paused_reason = json_build_object('code', 'missing-channel', 'channelId', substring(paused_reason from '^The channel <#([0-9]+)>'))::text
WHERE paused_reason ~ '^The channel <#[0-9]+> no longer exists or I cannot see it: run /privacy-tips schedule with another channel[.]$';

-- Why a slot was not posted (or the last error of a slot waiting for a retry).
UPDATE tip_slots
SET note = json_build_object('code', 'cannot-post', 'reason', 'missing-access', 'channelId', substring(note from '^I may not post in <#([0-9]+)>: '))::text
WHERE note ~ '^I may not post in <#[0-9]+>: give me View Channel, Send Messages and Embed Links there, then run /privacy-tips schedule again[.]$';

UPDATE tip_slots
SET note = json_build_object('code', 'cannot-post', 'reason', 'missing-channel', 'channelId', substring(note from '^The channel <#([0-9]+)>'))::text
WHERE note ~ '^The channel <#[0-9]+> no longer exists or I cannot see it: run /privacy-tips schedule with another channel[.]$';

UPDATE tip_slots SET note = json_build_object('code', 'schedule-changed')::text
WHERE note = 'the schedule was changed before this slot was posted';

UPDATE tip_slots SET note = json_build_object('code', 'later-slot-due')::text
WHERE note = 'a later slot came due before this one could be posted';

UPDATE tip_slots SET note = json_build_object('code', 'no-tips')::text
WHERE note = 'there are no tips to post';

UPDATE tip_slots SET note = json_build_object('code', 'unexpected-error')::text
WHERE note = 'unexpected error';

UPDATE tip_slots SET note = json_build_object('code', 'tip-removed', 'tipId', substring(note from '^tip "(.*)" no longer exists$'))::text
WHERE note ~ '^tip ".*" no longer exists$';

UPDATE tip_slots
SET note = json_build_object('code', 'grace-expired', 'graceMinutes', (SELECT coalesce(sum(m[1]::int * CASE WHEN m[2] = 'day' THEN 1440 WHEN m[2] = 'hour' THEN 60 ELSE 1 END), 0) FROM regexp_matches(substring(note from '^not posted within the grace window of (.*?) [(]last error: '), '([0-9]+) (day|hour|minute)s?', 'g') AS m), 'lastError', json_build_object('failure', split_part(substring(note from '[(]last error: (.*)[)]$'), ': ', 1), 'detail', substring(substring(note from '[(]last error: (.*)[)]$') from position(': ' in substring(note from '[(]last error: (.*)[)]$')) + 2)))::text
WHERE note ~ '^not posted within the grace window of .* [(]last error: .*: .*[)]$';

UPDATE tip_slots
SET note = json_build_object('code', 'grace-expired', 'graceMinutes', (SELECT coalesce(sum(m[1]::int * CASE WHEN m[2] = 'day' THEN 1440 WHEN m[2] = 'hour' THEN 60 ELSE 1 END), 0) FROM regexp_matches(note, '([0-9]+) (day|hour|minute)s?', 'g') AS m), 'lastError', NULL)::text
WHERE note ~ '^not posted within the grace window of [0-9a-z ]+$';

UPDATE tip_slots
SET note = json_build_object('code', 'stopped-mid-send', 'minutesAgo', (SELECT coalesce(sum(m[1]::int * CASE WHEN m[2] = 'day' THEN 1440 WHEN m[2] = 'hour' THEN 60 ELSE 1 END), 0) FROM regexp_matches(substring(note from '^the bot stopped while sending it (.*?) ago, '), '([0-9]+) (day|hour|minute)s?', 'g') AS m))::text
WHERE note ~ '^the bot stopped while sending it .* ago, too long ago to send it again without risking a second copy; it may already be in the channel$';

UPDATE tip_slots
SET note = json_build_object('code', 'missed-offline', 'lateMinutes', (SELECT coalesce(sum(m[1]::int * CASE WHEN m[2] = 'day' THEN 1440 WHEN m[2] = 'hour' THEN 60 ELSE 1 END), 0) FROM regexp_matches(substring(note from '^missed by (.*?) while the bot was offline'), '([0-9]+) (day|hour|minute)s?', 'g') AS m), 'graceMinutes', (SELECT coalesce(sum(m[1]::int * CASE WHEN m[2] = 'day' THEN 1440 WHEN m[2] = 'hour' THEN 60 ELSE 1 END), 0) FROM regexp_matches(substring(note from '[(]the grace window is (.*?)[)], so it was not posted late$'), '([0-9]+) (day|hour|minute)s?', 'g') AS m))::text
WHERE note ~ '^missed by .* while the bot was offline [(]the grace window is .*[)], so it was not posted late$';

UPDATE tip_slots
SET note = json_build_object(
  'code', 'gave-up',
  'attempts', substring(note from '^gave up after ([0-9]+) attempts')::int,
  'error', json_build_object('failure', split_part(substring(note from '^gave up after [0-9]+ attempts [(](.*)[)]$'), ': ', 1), 'detail', substring(substring(note from '^gave up after [0-9]+ attempts [(](.*)[)]$') from position(': ' in substring(note from '^gave up after [0-9]+ attempts [(](.*)[)]$')) + 2))
)::text
WHERE note ~ '^gave up after [0-9]+ attempts [(].*: .*[)]$';

-- A send error on its own ("server-error: 503 Service Unavailable"), one of the outbox's failure kinds.
UPDATE tip_slots
SET note = json_build_object('code', 'send-failed', 'error', json_build_object('failure', split_part(note, ': ', 1), 'detail', substring(note from position(': ' in note) + 2)))::text
WHERE note !~ '^[{]' AND position(': ' in note) > 0 AND split_part(note, ': ', 1) IN ('missing-channel', 'missing-access', 'rate-limited', 'server-error', 'network', 'unknown');
