/**
 * Privacy-tip schedules, slot claims and rotations in SQLite: the source of truth for the
 * scheduler. Every state change is one statement or one IMMEDIATE transaction, so two
 * processes on the same database file cannot both claim, re-claim or resolve the same slot.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { giveBackTip, type RotationState, takeNextTip } from '../tips/rotation.js';

export type ScheduleState = 'active' | 'paused' | 'stopped';
export type SlotState = 'claimed' | 'posted' | 'skipped' | 'failed';

const scheduleRow = z.object({
  guild_id: z.string(),
  channel_id: z.string(),
  cron: z.string(),
  timezone: z.string(),
  state: z.enum(['active', 'paused', 'stopped']),
  paused_reason: z.string().nullable(),
  starts_after: z.number(),
  updated_by: z.string(),
  updated_at: z.number(),
});

const slotRow = z.object({
  guild_id: z.string(),
  slot_at: z.number(),
  state: z.enum(['claimed', 'posted', 'skipped', 'failed']),
  channel_id: z.string(),
  tip_id: z.string().nullable(),
  tip_cycle: z.number().nullable(),
  lease_until: z.number(),
  attempts: z.number(),
  message_id: z.string().nullable(),
  note: z.string().nullable(),
  claimed_at: z.number(),
  finished_at: z.number().nullable(),
});

const rotationRow = z.object({
  scope: z.string(),
  cycle: z.number(),
  order_json: z.string(),
  posted_json: z.string(),
  last_tip_id: z.string().nullable(),
});

const idList = z.array(z.string());

export interface TipSchedule {
  readonly guildId: string;
  readonly channelId: string;
  readonly cron: string;
  readonly timezone: string;
  readonly state: ScheduleState;
  readonly pausedReason: string | null;
  /** Slots at or before this instant are not this schedule's to post. */
  readonly startsAfter: number;
  readonly updatedBy: string;
  readonly updatedAt: number;
}

export interface TipSlot {
  readonly guildId: string;
  readonly slotAt: number;
  readonly state: SlotState;
  readonly channelId: string;
  readonly tipId: string | null;
  readonly tipCycle: number | null;
  readonly leaseUntil: number;
  /** Send attempts so far (the first send is attempt 1). */
  readonly attempts: number;
  readonly messageId: string | null;
  readonly note: string | null;
  readonly claimedAt: number;
  readonly finishedAt: number | null;
}

function toSchedule(row: unknown): TipSchedule {
  const r = scheduleRow.parse(row);
  return {
    guildId: r.guild_id,
    channelId: r.channel_id,
    cron: r.cron,
    timezone: r.timezone,
    state: r.state,
    pausedReason: r.paused_reason,
    startsAfter: r.starts_after,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
}

function toSlot(row: unknown): TipSlot {
  const r = slotRow.parse(row);
  return {
    guildId: r.guild_id,
    slotAt: r.slot_at,
    state: r.state,
    channelId: r.channel_id,
    tipId: r.tip_id,
    tipCycle: r.tip_cycle,
    leaseUntil: r.lease_until,
    attempts: r.attempts,
    messageId: r.message_id,
    note: r.note,
    claimedAt: r.claimed_at,
    finishedAt: r.finished_at,
  };
}

export class TipStore {
  private readonly sql;

  constructor(private readonly db: Database.Database) {
    this.sql = {
      schedule: db.prepare('SELECT * FROM tip_schedules WHERE guild_id = ?'),
      activeSchedules: db.prepare("SELECT * FROM tip_schedules WHERE state = 'active' ORDER BY guild_id"),
      saveSchedule: db.prepare(
        `INSERT INTO tip_schedules
           (guild_id, channel_id, cron, timezone, state, paused_reason, starts_after, updated_by, updated_at)
         VALUES (@guildId, @channelId, @cron, @timezone, 'active', NULL, @now, @by, @now)
         ON CONFLICT (guild_id) DO UPDATE SET
           channel_id = excluded.channel_id, cron = excluded.cron, timezone = excluded.timezone,
           state = 'active', paused_reason = NULL, starts_after = excluded.starts_after,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      ),
      stopSchedule: db.prepare(
        `UPDATE tip_schedules SET state = 'stopped', paused_reason = NULL, updated_by = ?, updated_at = ?
         WHERE guild_id = ? AND state != 'stopped'`,
      ),
      pauseSchedule: db.prepare(
        `UPDATE tip_schedules SET state = 'paused', paused_reason = ?, updated_by = 'scheduler', updated_at = ?
         WHERE guild_id = ? AND channel_id = ? AND state = 'active'`,
      ),
      slot: db.prepare('SELECT * FROM tip_slots WHERE guild_id = ? AND slot_at = ?'),
      insertClaim: db.prepare(
        `INSERT INTO tip_slots (guild_id, slot_at, state, channel_id, lease_until, attempts, claimed_at)
         VALUES (?, ?, 'claimed', ?, ?, 1, ?)
         ON CONFLICT (guild_id, slot_at) DO NOTHING`,
      ),
      setTip: db.prepare('UPDATE tip_slots SET tip_id = ?, tip_cycle = ? WHERE guild_id = ? AND slot_at = ?'),
      reclaim: db.prepare(
        `UPDATE tip_slots SET lease_until = ?, attempts = attempts + 1, claimed_at = ?
         WHERE guild_id = ? AND slot_at = ? AND state = 'claimed' AND message_id IS NULL AND lease_until <= ?`,
      ),
      posted: db.prepare(
        `UPDATE tip_slots SET state = 'posted', message_id = ?, note = NULL, finished_at = ?
         WHERE guild_id = ? AND slot_at = ? AND state = 'claimed'`,
      ),
      release: db.prepare(
        `UPDATE tip_slots SET lease_until = ?, note = ?
         WHERE guild_id = ? AND slot_at = ? AND state = 'claimed' AND message_id IS NULL`,
      ),
      failed: db.prepare(
        `UPDATE tip_slots SET state = 'failed', note = ?, finished_at = ?
         WHERE guild_id = ? AND slot_at = ? AND state = 'claimed' AND message_id IS NULL`,
      ),
      skipped: db.prepare(
        `INSERT INTO tip_slots
           (guild_id, slot_at, state, channel_id, lease_until, attempts, note, claimed_at, finished_at)
         VALUES (?, ?, 'skipped', ?, 0, 0, ?, ?, ?)
         ON CONFLICT (guild_id, slot_at) DO NOTHING`,
      ),
      openClaims: db.prepare(
        "SELECT * FROM tip_slots WHERE guild_id = ? AND state = 'claimed' ORDER BY slot_at",
      ),
      earliestOpenLease: db
        .prepare(
          `SELECT min(s.lease_until) FROM tip_slots s
           JOIN tip_schedules g ON g.guild_id = s.guild_id AND g.state = 'active'
           WHERE s.state = 'claimed'`,
        )
        .pluck(),
      latestSlotAt: db.prepare('SELECT max(slot_at) FROM tip_slots WHERE guild_id = ?').pluck(),
      lastPosted: db.prepare(
        "SELECT * FROM tip_slots WHERE guild_id = ? AND state = 'posted' ORDER BY slot_at DESC LIMIT 1",
      ),
      lastFinished: db.prepare(
        "SELECT * FROM tip_slots WHERE guild_id = ? AND state != 'claimed' ORDER BY slot_at DESC LIMIT 1",
      ),
      slotsOf: db.prepare('SELECT * FROM tip_slots WHERE guild_id = ? ORDER BY slot_at'),
      rotation: db.prepare('SELECT * FROM tip_rotations WHERE scope = ?'),
      saveRotation: db.prepare(
        `INSERT INTO tip_rotations (scope, cycle, order_json, posted_json, last_tip_id, updated_at)
         VALUES (@scope, @cycle, @order, @posted, @lastTipId, @now)
         ON CONFLICT (scope) DO UPDATE SET cycle = excluded.cycle, order_json = excluded.order_json,
           posted_json = excluded.posted_json, last_tip_id = excluded.last_tip_id,
           updated_at = excluded.updated_at`,
      ),
    };
  }

  schedule(guildId: string): TipSchedule | null {
    const row = this.sql.schedule.get(guildId);
    return row === undefined ? null : toSchedule(row);
  }

  activeSchedules(): TipSchedule[] {
    return this.sql.activeSchedules.all().map(toSchedule);
  }

  /** Creates or replaces the guild's schedule, active from `now` (earlier slots are not owed). */
  saveSchedule(input: {
    guildId: string;
    channelId: string;
    cron: string;
    timezone: string;
    by: string;
    now: number;
  }): void {
    this.sql.saveSchedule.run(input);
  }

  /** False when there was no running or paused schedule. */
  stopSchedule(guildId: string, by: string, now: number): boolean {
    return this.sql.stopSchedule.run(by, now, guildId).changes === 1;
  }

  /**
   * Pauses the schedule with a reason, unless a moderator has meanwhile pointed it at another
   * channel or stopped it (the failure was about the old setting). True when it paused.
   */
  pauseSchedule(guildId: string, channelId: string, reason: string, now: number): boolean {
    return this.sql.pauseSchedule.run(reason, now, guildId, channelId).changes === 1;
  }

  slot(guildId: string, slotAt: number): TipSlot | null {
    const row = this.sql.slot.get(guildId, slotAt);
    return row === undefined ? null : toSlot(row);
  }

  slotsOf(guildId: string): TipSlot[] {
    return this.sql.slotsOf.all(guildId).map(toSlot);
  }

  /**
   * Claims a slot for this process and takes its tip from the guild's rotation, in one
   * transaction. Null when the slot was already claimed (by us earlier, or by another process).
   */
  claimSlot(input: {
    guildId: string;
    slotAt: number;
    channelId: string;
    now: number;
    leaseMs: number;
    tipIds: readonly string[];
  }): TipSlot | null {
    const { guildId, slotAt, channelId, now, leaseMs, tipIds } = input;
    return this.db
      .transaction(() => {
        const inserted = this.sql.insertClaim.run(guildId, slotAt, channelId, now + leaseMs, now);
        if (inserted.changes !== 1) return null;
        const taken = this.takeTipInTransaction(guildId, tipIds, now);
        if (taken) this.sql.setTip.run(taken.tipId, taken.cycle, guildId, slotAt);
        return this.slot(guildId, slotAt);
      })
      .immediate();
  }

  /**
   * Takes over a claimed slot whose lease ran out without a message id (its sender crashed,
   * or it is due for a retry). True for exactly one caller.
   */
  reclaimSlot(guildId: string, slotAt: number, now: number, leaseMs: number): boolean {
    return this.sql.reclaim.run(now + leaseMs, now, guildId, slotAt, now).changes === 1;
  }

  markPosted(guildId: string, slotAt: number, messageId: string, now: number): void {
    this.sql.posted.run(messageId, now, guildId, slotAt);
  }

  /** Lets the slot be re-claimed at `retryAt` (by any process) after a retryable failure. */
  releaseForRetry(guildId: string, slotAt: number, retryAt: number, note: string): void {
    this.sql.release.run(retryAt, note, guildId, slotAt);
  }

  /**
   * Gives up on a claimed slot. True when it was still open. `posted` says what is known of the
   * post: 'no' when it certainly never reached the channel (never sent, or refused by Discord with a
   * 403, 404 or 429), and its tip then goes back to the rotation so the cycle still covers it;
   * 'maybe' otherwise (the sender died mid-send, a timeout, a 5xx), and the tip stays taken: it may
   * be in the channel, and the next slot must not post it again.
   */
  markFailed(guildId: string, slotAt: number, note: string, now: number, posted: 'no' | 'maybe'): boolean {
    return this.db
      .transaction(() => {
        const slot = this.slot(guildId, slotAt);
        if (this.sql.failed.run(note, now, guildId, slotAt).changes !== 1) return false;
        if (posted === 'no' && slot?.tipId && slot.tipCycle !== null) {
          const state = this.rotation(guildId);
          if (state) this.saveRotation(guildId, giveBackTip(state, slot.tipId, slot.tipCycle), now);
        }
        return true;
      })
      .immediate();
  }

  /** Records a slot that will not be posted. False when the slot already has a row. */
  recordSkipped(guildId: string, slotAt: number, channelId: string, note: string, now: number): boolean {
    return this.sql.skipped.run(guildId, slotAt, channelId, note, now, now).changes === 1;
  }

  openClaims(guildId: string): TipSlot[] {
    return this.sql.openClaims.all(guildId).map(toSlot);
  }

  /** When the next claim of an active schedule may be retried or taken over. */
  earliestOpenLease(): number | null {
    return z.number().nullable().parse(this.sql.earliestOpenLease.get());
  }

  /** The latest slot this guild has any record of. */
  latestSlotAt(guildId: string): number | null {
    return z.number().nullable().parse(this.sql.latestSlotAt.get(guildId));
  }

  lastPosted(guildId: string): TipSlot | null {
    const row = this.sql.lastPosted.get(guildId);
    return row === undefined ? null : toSlot(row);
  }

  /** The latest slot that is no longer in progress (posted, skipped or failed). */
  lastFinished(guildId: string): TipSlot | null {
    const row = this.sql.lastFinished.get(guildId);
    return row === undefined ? null : toSlot(row);
  }

  /** Takes the next tip of `scope`'s rotation (for /privacy-tip without a tip). */
  takeTip(scope: string, tipIds: readonly string[], now: number): string | null {
    return this.db
      .transaction(() => this.takeTipInTransaction(scope, tipIds, now)?.tipId ?? null)
      .immediate();
  }

  rotation(scope: string): RotationState | null {
    const row = this.sql.rotation.get(scope);
    if (row === undefined) return null;
    const r = rotationRow.parse(row);
    return {
      cycle: r.cycle,
      order: idList.parse(JSON.parse(r.order_json)),
      posted: idList.parse(JSON.parse(r.posted_json)),
      lastTipId: r.last_tip_id,
    };
  }

  private takeTipInTransaction(scope: string, tipIds: readonly string[], now: number) {
    const taken = takeNextTip(this.rotation(scope), scope, tipIds);
    if (!taken) return null;
    this.saveRotation(scope, taken.state, now);
    return { tipId: taken.tipId, cycle: taken.state.cycle };
  }

  private saveRotation(scope: string, state: RotationState, now: number): void {
    this.sql.saveRotation.run({
      scope,
      cycle: state.cycle,
      order: JSON.stringify(state.order),
      posted: JSON.stringify(state.posted),
      lastTipId: state.lastTipId,
      now,
    });
  }
}
