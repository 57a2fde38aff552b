/**
 * Privacy-tip schedules, slot claims and rotations in SQLite (better-sqlite3). Every state change
 * is one statement or one IMMEDIATE transaction, so two processes on the same database file
 * cannot both claim, re-claim or resolve the same slot. better-sqlite3 is synchronous: each
 * method does its work at once and returns a settled promise.
 */
import type Database from 'better-sqlite3';
import { giveBackTip, type RotationState, takeNextTip } from '../../tips/rotation.js';
import { type PauseReason, type SlotProblem, storeCode } from '../../tips/tip-problems.js';
import type {
  ClaimSlotInput,
  SaveScheduleInput,
  TipSchedule,
  TipSlot,
  TipStore,
} from '../../tips/tip-store.js';
import { nullableInt, toRotation, toSchedule, toSlot } from '../rows.js';

export class SqliteTipStore implements TipStore {
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

  async schedule(guildId: string): Promise<TipSchedule | null> {
    const row = this.sql.schedule.get(guildId);
    return row === undefined ? null : toSchedule(row);
  }

  async activeSchedules(): Promise<TipSchedule[]> {
    return this.sql.activeSchedules.all().map(toSchedule);
  }

  async saveSchedule(input: SaveScheduleInput): Promise<void> {
    this.sql.saveSchedule.run(input);
  }

  async stopSchedule(guildId: string, by: string, now: number): Promise<boolean> {
    return this.sql.stopSchedule.run(by, now, guildId).changes === 1;
  }

  async pauseSchedule(
    guildId: string,
    channelId: string,
    reason: PauseReason,
    now: number,
  ): Promise<boolean> {
    return this.sql.pauseSchedule.run(storeCode(reason), now, guildId, channelId).changes === 1;
  }

  async slot(guildId: string, slotAt: number): Promise<TipSlot | null> {
    return this.readSlot(guildId, slotAt);
  }

  async slotsOf(guildId: string): Promise<TipSlot[]> {
    return this.sql.slotsOf.all(guildId).map(toSlot);
  }

  async claimSlot(input: ClaimSlotInput): Promise<TipSlot | null> {
    const { guildId, slotAt, channelId, now, leaseMs, tipIds } = input;
    return this.db
      .transaction(() => {
        const inserted = this.sql.insertClaim.run(guildId, slotAt, channelId, now + leaseMs, now);
        if (inserted.changes !== 1) return null;
        const taken = this.takeTipInTransaction(guildId, tipIds, now);
        if (taken) this.sql.setTip.run(taken.tipId, taken.cycle, guildId, slotAt);
        return this.readSlot(guildId, slotAt);
      })
      .immediate();
  }

  async reclaimSlot(guildId: string, slotAt: number, now: number, leaseMs: number): Promise<boolean> {
    return this.sql.reclaim.run(now + leaseMs, now, guildId, slotAt, now).changes === 1;
  }

  async markPosted(guildId: string, slotAt: number, messageId: string, now: number): Promise<void> {
    this.sql.posted.run(messageId, now, guildId, slotAt);
  }

  async releaseForRetry(guildId: string, slotAt: number, retryAt: number, note: SlotProblem): Promise<void> {
    this.sql.release.run(retryAt, storeCode(note), guildId, slotAt);
  }

  async markFailed(
    guildId: string,
    slotAt: number,
    note: SlotProblem,
    now: number,
    posted: 'no' | 'maybe',
  ): Promise<boolean> {
    return this.db
      .transaction(() => {
        const slot = this.readSlot(guildId, slotAt);
        if (this.sql.failed.run(storeCode(note), now, guildId, slotAt).changes !== 1) return false;
        if (posted === 'no' && slot?.tipId && slot.tipCycle !== null) {
          const state = this.readRotation(guildId);
          if (state) this.saveRotation(guildId, giveBackTip(state, slot.tipId, slot.tipCycle), now);
        }
        return true;
      })
      .immediate();
  }

  async recordSkipped(
    guildId: string,
    slotAt: number,
    channelId: string,
    note: SlotProblem,
    now: number,
  ): Promise<boolean> {
    return this.sql.skipped.run(guildId, slotAt, channelId, storeCode(note), now, now).changes === 1;
  }

  async openClaims(guildId: string): Promise<TipSlot[]> {
    return this.sql.openClaims.all(guildId).map(toSlot);
  }

  async earliestOpenLease(): Promise<number | null> {
    return nullableInt.parse(this.sql.earliestOpenLease.get());
  }

  async latestSlotAt(guildId: string): Promise<number | null> {
    return nullableInt.parse(this.sql.latestSlotAt.get(guildId));
  }

  async lastPosted(guildId: string): Promise<TipSlot | null> {
    const row = this.sql.lastPosted.get(guildId);
    return row === undefined ? null : toSlot(row);
  }

  async lastFinished(guildId: string): Promise<TipSlot | null> {
    const row = this.sql.lastFinished.get(guildId);
    return row === undefined ? null : toSlot(row);
  }

  async takeTip(scope: string, tipIds: readonly string[], now: number): Promise<string | null> {
    return this.db
      .transaction(() => this.takeTipInTransaction(scope, tipIds, now)?.tipId ?? null)
      .immediate();
  }

  async rotation(scope: string): Promise<RotationState | null> {
    return this.readRotation(scope);
  }

  private readSlot(guildId: string, slotAt: number): TipSlot | null {
    const row = this.sql.slot.get(guildId, slotAt);
    return row === undefined ? null : toSlot(row);
  }

  private readRotation(scope: string): RotationState | null {
    const row = this.sql.rotation.get(scope);
    return row === undefined ? null : toRotation(row);
  }

  private takeTipInTransaction(scope: string, tipIds: readonly string[], now: number) {
    const taken = takeNextTip(this.readRotation(scope), scope, tipIds);
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
