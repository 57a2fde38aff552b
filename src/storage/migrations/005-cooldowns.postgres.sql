-- Cooldowns kept in the database, for processes that share their requests (src/cooldowns/):
-- one row per key whose pause is running or ended recently, with the instant it ends (ms since
-- the Unix epoch). Taking a key is one upsert that changes the row only when its pause has ended
-- (INSERT … ON CONFLICT … DO UPDATE … WHERE), so two processes can never both take it. Ended rows
-- are deleted now and then (the index).
--
-- UNLOGGED: no write-ahead log for these rows, so an /ask costs no WAL flush. The price is that
-- PostgreSQL empties the table after a crash and a replica does not have it, which only lets
-- members act once more, early: cooldowns are a courtesy, not data.
CREATE UNLOGGED TABLE cooldowns (
  key      TEXT   PRIMARY KEY,
  until_ms BIGINT NOT NULL
);

CREATE INDEX cooldowns_by_end ON cooldowns (until_ms);
