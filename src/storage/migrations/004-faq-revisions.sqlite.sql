-- Which community FAQ entries changed, in the order they changed, so that every process serving
-- /ask on this database (the bot, the console on the same file, a second bot) can bring its
-- search index up to date by reading only what changed since it last looked (src/faq/faq-sync.ts).
-- One row per entry; its revision is the number of the entry's latest change, taken from one
-- counter for the whole database (the highest revision plus one). Writers take the write lock in
-- turn, so revisions are handed out in commit order and no reader can miss a smaller one later.
-- The triggers below bump it in the same transaction as every write to faq_entries, whichever
-- code (or sqlite3 shell) makes it.
CREATE TABLE faq_revisions (
  entry_id INTEGER PRIMARY KEY REFERENCES faq_entries (id),
  revision INTEGER NOT NULL UNIQUE
) STRICT;

INSERT INTO faq_revisions (entry_id, revision)
  SELECT id, row_number() OVER (ORDER BY id) FROM faq_entries;

CREATE TRIGGER faq_entries_revision_on_insert AFTER INSERT ON faq_entries
BEGIN
  INSERT INTO faq_revisions (entry_id, revision)
    VALUES (NEW.id, (SELECT coalesce(max(revision), 0) + 1 FROM faq_revisions))
    ON CONFLICT (entry_id) DO UPDATE SET revision = excluded.revision;
END;

CREATE TRIGGER faq_entries_revision_on_update AFTER UPDATE ON faq_entries
BEGIN
  INSERT INTO faq_revisions (entry_id, revision)
    VALUES (NEW.id, (SELECT coalesce(max(revision), 0) + 1 FROM faq_revisions))
    ON CONFLICT (entry_id) DO UPDATE SET revision = excluded.revision;
END;
