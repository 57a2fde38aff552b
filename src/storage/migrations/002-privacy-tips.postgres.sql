-- Scheduled privacy tips: one schedule per guild, one row per scheduled slot (the claim that
-- makes each slot post at most once, across restarts and processes), and each guild's rotation.
-- Discord ids are TEXT; times are milliseconds since the Unix epoch (BIGINT).

CREATE TABLE tip_schedules (
  guild_id      TEXT   PRIMARY KEY,
  channel_id    TEXT   NOT NULL,
  cron          TEXT   NOT NULL,
  timezone      TEXT   NOT NULL,
  state         TEXT   NOT NULL CHECK (state IN ('active', 'paused', 'stopped')),
  paused_reason TEXT,
  -- Slots at or before this instant belong to an earlier schedule.
  starts_after  BIGINT NOT NULL,
  updated_by    TEXT   NOT NULL,
  updated_at    BIGINT NOT NULL
);

CREATE INDEX tip_schedules_by_state ON tip_schedules (state);

CREATE TABLE tip_slots (
  guild_id    TEXT    NOT NULL,
  slot_at     BIGINT  NOT NULL,
  state       TEXT    NOT NULL CHECK (state IN ('claimed', 'posted', 'skipped', 'failed')),
  channel_id  TEXT    NOT NULL,
  tip_id      TEXT,
  -- The rotation cycle the tip was taken from, to give it back if the post never happens.
  tip_cycle   INTEGER,
  -- Whoever holds the claim may send until then; afterwards anyone may re-claim a slot that
  -- has no message id yet (a crash mid-send, or a retry after a 5xx).
  lease_until BIGINT  NOT NULL,
  attempts    INTEGER NOT NULL DEFAULT 0,
  message_id  TEXT,
  note        TEXT,
  claimed_at  BIGINT  NOT NULL,
  finished_at BIGINT,
  PRIMARY KEY (guild_id, slot_at)
);

CREATE INDEX tip_slots_open ON tip_slots (state, lease_until);

CREATE TABLE tip_rotations (
  -- A guild id, or `dm:<user id>` for tips asked for in direct messages.
  scope         TEXT    PRIMARY KEY,
  cycle         INTEGER NOT NULL,
  order_json    TEXT    NOT NULL,
  posted_json   TEXT    NOT NULL,
  last_tip_id   TEXT,
  updated_at    BIGINT  NOT NULL
);
