-- Community FAQ: per-guild entries, per-guild settings and an append-only audit trail.
-- Discord ids (snowflakes) are TEXT: they exceed JavaScript's safe integer range.
-- Times are milliseconds since the Unix epoch (the injected Clock's unit).

CREATE TABLE faq_entries (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  guild_id    TEXT    NOT NULL,
  status      TEXT    NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'removed')),
  author_id   TEXT    NOT NULL,
  question    TEXT    NOT NULL,
  answer      TEXT    NOT NULL,
  source_url  TEXT,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  resolved_by TEXT,
  resolved_at INTEGER,
  reason      TEXT
) STRICT;

CREATE INDEX faq_entries_by_guild_status ON faq_entries (guild_id, status, id);
CREATE INDEX faq_entries_by_author ON faq_entries (guild_id, author_id, status);

-- Entries change status but are never deleted: rejected and removed ones stay as history.
CREATE TRIGGER faq_entries_keep_history BEFORE DELETE ON faq_entries
BEGIN
  SELECT RAISE(ABORT, 'faq_entries rows are never deleted; set status to removed');
END;

CREATE TABLE faq_guild_settings (
  guild_id          TEXT    PRIMARY KEY,
  review_channel_id TEXT,
  moderator_role_id TEXT,
  updated_by        TEXT    NOT NULL,
  updated_at        INTEGER NOT NULL
) STRICT;

CREATE TABLE faq_audit (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  guild_id    TEXT    NOT NULL,
  actor_id    TEXT    NOT NULL,
  action      TEXT    NOT NULL,
  entry_id    INTEGER REFERENCES faq_entries (id),
  before_json TEXT,
  after_json  TEXT,
  at          INTEGER NOT NULL
) STRICT;

CREATE INDEX faq_audit_by_entry ON faq_audit (entry_id, id);

CREATE TRIGGER faq_audit_no_update BEFORE UPDATE ON faq_audit
BEGIN
  SELECT RAISE(ABORT, 'faq_audit is append-only');
END;

CREATE TRIGGER faq_audit_no_delete BEFORE DELETE ON faq_audit
BEGIN
  SELECT RAISE(ABORT, 'faq_audit is append-only');
END;
