-- Questions the bot could not answer in a server, for /faq insights (src/insights/insight-store.ts).
-- No user id or name: voter_key is a one-way hash, only there so that one person's "Not what I
-- asked" click counts once per answer, and it goes with the row after INSIGHTS_RETENTION_DAYS.
CREATE TABLE insights (
  id        INTEGER PRIMARY KEY,
  guild_id  TEXT    NOT NULL,
  question  TEXT    NOT NULL,
  outcome   TEXT    NOT NULL CHECK (outcome IN ('off-topic', 'not-confident', 'not-helpful')),
  guesses   TEXT    NOT NULL,
  locale    TEXT    NOT NULL,
  voter_key TEXT    UNIQUE,
  at        INTEGER NOT NULL
) STRICT;

CREATE INDEX insights_by_guild_time ON insights (guild_id, at);
CREATE INDEX insights_by_time ON insights (at);

-- On unless a moderator runs /faq config insights off.
ALTER TABLE faq_guild_settings ADD COLUMN insights INTEGER NOT NULL DEFAULT 1;
