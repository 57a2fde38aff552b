-- Stored sentences become codes. Before tip problems were stored as codes (JSON, read by
-- src/tips/tip-problems.ts), a paused schedule's reason and a slot's note were English sentences,
-- read as text and shown in English to every reader. This migration turns every sentence the bot
-- wrote there into its code, so `/privacy-tips status` words it in the reader's language. The
-- sentences are matched as the bot wrote them (their fixed words, with channel ids, tip ids,
-- durations such as "1 hour 35 minutes" and send errors inside); anything else is left as it is
-- and still shown as written. Durations are read back into minutes: numbers, each followed by
-- day(s), hour(s) or minute(s), split on spaces with json_each.

-- Why a schedule is paused.
UPDATE tip_schedules
SET paused_reason = json_object('code', 'missing-access', 'channelId', substr(paused_reason, 21, instr(paused_reason, '>: give me') - 21))
WHERE paused_reason LIKE 'I may not post in <#%>: give me View Channel, Send Messages and Embed Links there, then run /privacy-tips schedule again.';

UPDATE tip_schedules
SET paused_reason = json_object('code', 'missing-channel', 'channelId', substr(paused_reason, 15, instr(paused_reason, '> no longer exists') - 15))
WHERE paused_reason LIKE 'The channel <#%> no longer exists or I cannot see it: run /privacy-tips schedule with another channel.';

-- Why a slot was not posted (or the last error of a slot waiting for a retry).
UPDATE tip_slots
SET note = json_object('code', 'cannot-post', 'reason', 'missing-access', 'channelId', substr(note, 21, instr(note, '>: give me') - 21))
WHERE note LIKE 'I may not post in <#%>: give me View Channel, Send Messages and Embed Links there, then run /privacy-tips schedule again.';

UPDATE tip_slots
SET note = json_object('code', 'cannot-post', 'reason', 'missing-channel', 'channelId', substr(note, 15, instr(note, '> no longer exists') - 15))
WHERE note LIKE 'The channel <#%> no longer exists or I cannot see it: run /privacy-tips schedule with another channel.';

UPDATE tip_slots SET note = json_object('code', 'schedule-changed')
WHERE note = 'the schedule was changed before this slot was posted';

UPDATE tip_slots SET note = json_object('code', 'later-slot-due')
WHERE note = 'a later slot came due before this one could be posted';

UPDATE tip_slots SET note = json_object('code', 'no-tips')
WHERE note = 'there are no tips to post';

UPDATE tip_slots SET note = json_object('code', 'unexpected-error')
WHERE note = 'unexpected error';

UPDATE tip_slots SET note = json_object('code', 'tip-removed', 'tipId', substr(note, 6, length(note) - 23))
WHERE note LIKE 'tip "%" no longer exists';

UPDATE tip_slots
SET note = json_object(
  'code', 'grace-expired',
  'graceMinutes', (SELECT coalesce(sum(CAST(n.value AS INTEGER) * CASE WHEN u.value LIKE 'day%' THEN 1440 WHEN u.value LIKE 'hour%' THEN 60 ELSE 1 END), 0) FROM json_each('["' || replace(substr(note, 39, instr(note, ' (last error: ') - 39), ' ', '","') || '"]') AS n JOIN json_each('["' || replace(substr(note, 39, instr(note, ' (last error: ') - 39), ' ', '","') || '"]') AS u ON u.key = n.key + 1 WHERE n.key % 2 = 0),
  'lastError', json(json_object('failure', substr(substr(note, instr(note, ' (last error: ') + 14, length(note) - instr(note, ' (last error: ') - 14), 1, instr(substr(note, instr(note, ' (last error: ') + 14, length(note) - instr(note, ' (last error: ') - 14), ': ') - 1), 'detail', substr(substr(note, instr(note, ' (last error: ') + 14, length(note) - instr(note, ' (last error: ') - 14), instr(substr(note, instr(note, ' (last error: ') + 14, length(note) - instr(note, ' (last error: ') - 14), ': ') + 2)))
)
WHERE note LIKE 'not posted within the grace window of % (last error: %: %)';

UPDATE tip_slots
SET note = json_object('code', 'grace-expired', 'graceMinutes', (SELECT coalesce(sum(CAST(n.value AS INTEGER) * CASE WHEN u.value LIKE 'day%' THEN 1440 WHEN u.value LIKE 'hour%' THEN 60 ELSE 1 END), 0) FROM json_each('["' || replace(substr(note, 39), ' ', '","') || '"]') AS n JOIN json_each('["' || replace(substr(note, 39), ' ', '","') || '"]') AS u ON u.key = n.key + 1 WHERE n.key % 2 = 0), 'lastError', json('null'))
WHERE note LIKE 'not posted within the grace window of %' AND note NOT LIKE '%(last error: %';

UPDATE tip_slots
SET note = json_object('code', 'stopped-mid-send', 'minutesAgo', (SELECT coalesce(sum(CAST(n.value AS INTEGER) * CASE WHEN u.value LIKE 'day%' THEN 1440 WHEN u.value LIKE 'hour%' THEN 60 ELSE 1 END), 0) FROM json_each('["' || replace(substr(note, 34, instr(note, ' ago, too long ago') - 34), ' ', '","') || '"]') AS n JOIN json_each('["' || replace(substr(note, 34, instr(note, ' ago, too long ago') - 34), ' ', '","') || '"]') AS u ON u.key = n.key + 1 WHERE n.key % 2 = 0))
WHERE note LIKE 'the bot stopped while sending it % ago, too long ago to send it again without risking a second copy; it may already be in the channel';

UPDATE tip_slots
SET note = json_object('code', 'missed-offline', 'lateMinutes', (SELECT coalesce(sum(CAST(n.value AS INTEGER) * CASE WHEN u.value LIKE 'day%' THEN 1440 WHEN u.value LIKE 'hour%' THEN 60 ELSE 1 END), 0) FROM json_each('["' || replace(substr(note, 11, instr(note, ' while the bot was offline') - 11), ' ', '","') || '"]') AS n JOIN json_each('["' || replace(substr(note, 11, instr(note, ' while the bot was offline') - 11), ' ', '","') || '"]') AS u ON u.key = n.key + 1 WHERE n.key % 2 = 0), 'graceMinutes', (SELECT coalesce(sum(CAST(n.value AS INTEGER) * CASE WHEN u.value LIKE 'day%' THEN 1440 WHEN u.value LIKE 'hour%' THEN 60 ELSE 1 END), 0) FROM json_each('["' || replace(substr(note, instr(note, '(the grace window is ') + 21, instr(note, '), so it was not posted late') - instr(note, '(the grace window is ') - 21), ' ', '","') || '"]') AS n JOIN json_each('["' || replace(substr(note, instr(note, '(the grace window is ') + 21, instr(note, '), so it was not posted late') - instr(note, '(the grace window is ') - 21), ' ', '","') || '"]') AS u ON u.key = n.key + 1 WHERE n.key % 2 = 0))
WHERE note LIKE 'missed by % while the bot was offline (the grace window is %), so it was not posted late';

UPDATE tip_slots
SET note = json_object(
  'code', 'gave-up',
  'attempts', CAST(substr(note, 15, instr(note, ' attempts (') - 15) AS INTEGER),
  'error', json(json_object('failure', substr(substr(note, instr(note, ' attempts (') + 11, length(note) - instr(note, ' attempts (') - 11), 1, instr(substr(note, instr(note, ' attempts (') + 11, length(note) - instr(note, ' attempts (') - 11), ': ') - 1), 'detail', substr(substr(note, instr(note, ' attempts (') + 11, length(note) - instr(note, ' attempts (') - 11), instr(substr(note, instr(note, ' attempts (') + 11, length(note) - instr(note, ' attempts (') - 11), ': ') + 2)))
)
WHERE note LIKE 'gave up after % attempts (%: %)';

-- A send error on its own ("server-error: 503 Service Unavailable"), one of the outbox's failure kinds.
UPDATE tip_slots
SET note = json_object('code', 'send-failed', 'error', json(json_object('failure', substr(note, 1, instr(note, ': ') - 1), 'detail', substr(note, instr(note, ': ') + 2))))
WHERE note NOT LIKE '{%' AND instr(note, ': ') > 0 AND substr(note, 1, instr(note, ': ') - 1) IN ('missing-channel', 'missing-access', 'rate-limited', 'server-error', 'network', 'unknown');
