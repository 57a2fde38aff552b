-- Questions the bot could not answer in a server: see 008-insights.sqlite.sql. No user id or name.
CREATE TABLE insights (
  id        BIGSERIAL PRIMARY KEY,
  guild_id  TEXT      NOT NULL,
  question  TEXT      NOT NULL,
  outcome   TEXT      NOT NULL CHECK (outcome IN ('off-topic', 'not-confident', 'not-helpful')),
  guesses   TEXT      NOT NULL,
  locale    TEXT      NOT NULL,
  voter_key TEXT      UNIQUE,
  at        BIGINT    NOT NULL
);

CREATE INDEX insights_by_guild_time ON insights (guild_id, at);
CREATE INDEX insights_by_time ON insights (at);

-- An integer (1 on, 0 off) as in SQLite, so scripts/copy-to-postgres.ts copies it as it is.
ALTER TABLE faq_guild_settings ADD COLUMN insights INTEGER NOT NULL DEFAULT 1;
