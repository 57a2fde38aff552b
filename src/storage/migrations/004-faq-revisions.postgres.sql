-- Which community FAQ entries changed, in the order they changed, so that every process serving
-- /ask on this database can bring its search index up to date by reading only what changed since
-- it last looked (src/faq/faq-sync.ts). One row per entry; its revision is the number of the
-- entry's latest change.
--
-- Revisions must be handed out in commit order: a reader that has seen revision n must never
-- later find a smaller one. A sequence would not do that (two writers take 5 and 6, 6 commits
-- first, a reader moves past 6 and never sees 5). So the counter is one row, and the trigger
-- updates it: the row lock is held until commit, so the next writer gets its number only after
-- the previous one has committed. This serialises FAQ writes, which are rare (moderators' clicks).
CREATE TABLE faq_revision_counter (
  only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
  revision BIGINT  NOT NULL
);

CREATE TABLE faq_revisions (
  entry_id BIGINT PRIMARY KEY REFERENCES faq_entries (id),
  revision BIGINT NOT NULL UNIQUE
);

INSERT INTO faq_revisions (entry_id, revision)
  SELECT id, row_number() OVER (ORDER BY id) FROM faq_entries;

INSERT INTO faq_revision_counter (revision) SELECT coalesce(max(revision), 0) FROM faq_revisions;

CREATE FUNCTION faq_entries_bump_revision() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  next_revision BIGINT;
BEGIN
  UPDATE faq_revision_counter SET revision = revision + 1 RETURNING revision INTO next_revision;
  INSERT INTO faq_revisions (entry_id, revision) VALUES (NEW.id, next_revision)
    ON CONFLICT (entry_id) DO UPDATE SET revision = excluded.revision;
  RETURN NULL;
END;
$$;

CREATE TRIGGER faq_entries_revision AFTER INSERT OR UPDATE ON faq_entries
  FOR EACH ROW EXECUTE FUNCTION faq_entries_bump_revision();
