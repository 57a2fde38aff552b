-- Cooldowns kept in the database, for processes that share their requests (src/cooldowns/):
-- one row per key whose pause is running or ended recently, with the instant it ends (ms since
-- the Unix epoch). Taking a key is one upsert that changes the row only when its pause has ended,
-- so two processes can never both take it. Ended rows are deleted now and then (the index).
-- The bot writes these rows through a connection of its own that does not wait for the disk on
-- each commit (src/storage/sqlite/sqlite-storage.ts): losing the last cooldowns in a power cut is
-- harmless, and an fsync per /ask would not be.
CREATE TABLE cooldowns (
  key      TEXT    PRIMARY KEY,
  until_ms INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX cooldowns_by_end ON cooldowns (until_ms);
