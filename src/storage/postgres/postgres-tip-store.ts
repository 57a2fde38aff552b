/**
 * Privacy-tip schedules, slot claims and rotations in PostgreSQL, with guards that hold when
 * several schedulers (in any processes, on any hosts) run at once:
 * - a claim is an INSERT … ON CONFLICT DO NOTHING on the slot's primary key: one row, one winner;
 * - re-claims and finishes are conditional UPDATEs (… WHERE state = 'claimed' AND …), which
 *   PostgreSQL re-checks after waiting for a concurrent writer, so exactly one succeeds;
 * - a rotation is read and written under a lock on its scope, so no tip is taken twice.
 * Locks are always taken slot first, then rotation, so these transactions cannot deadlock.
 */
import type pg from 'pg';
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
import { inTransaction, lockKey, type Queryable } from './pool.js';

export class PostgresTipStore implements TipStore {
  constructor(private readonly pool: pg.Pool) {}

  async schedule(guildId: string): Promise<TipSchedule | null> {
    const { rows } = await this.pool.query('SELECT * FROM tip_schedules WHERE guild_id = $1', [guildId]);
    return rows[0] === undefined ? null : toSchedule(rows[0]);
  }

  async activeSchedules(): Promise<TipSchedule[]> {
    const { rows } = await this.pool.query(
      "SELECT * FROM tip_schedules WHERE state = 'active' ORDER BY guild_id",
    );
    return rows.map(toSchedule);
  }

  async saveSchedule(input: SaveScheduleInput): Promise<void> {
    await this.pool.query(
      `INSERT INTO tip_schedules
         (guild_id, channel_id, cron, timezone, state, paused_reason, starts_after, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, 'active', NULL, $5, $6, $5)
       ON CONFLICT (guild_id) DO UPDATE SET
         channel_id = excluded.channel_id, cron = excluded.cron, timezone = excluded.timezone,
         state = 'active', paused_reason = NULL, starts_after = excluded.starts_after,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [input.guildId, input.channelId, input.cron, input.timezone, input.now, input.by],
    );
  }

  async stopSchedule(guildId: string, by: string, now: number): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE tip_schedules SET state = 'stopped', paused_reason = NULL, updated_by = $1, updated_at = $2
       WHERE guild_id = $3 AND state != 'stopped'`,
      [by, now, guildId],
    );
    return result.rowCount === 1;
  }

  async pauseSchedule(
    guildId: string,
    channelId: string,
    reason: PauseReason,
    now: number,
  ): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE tip_schedules SET state = 'paused', paused_reason = $1, updated_by = 'scheduler', updated_at = $2
       WHERE guild_id = $3 AND channel_id = $4 AND state = 'active'`,
      [storeCode(reason), now, guildId, channelId],
    );
    return result.rowCount === 1;
  }

  async slot(guildId: string, slotAt: number): Promise<TipSlot | null> {
    return readSlot(this.pool, guildId, slotAt);
  }

  async slotsOf(guildId: string): Promise<TipSlot[]> {
    const { rows } = await this.pool.query('SELECT * FROM tip_slots WHERE guild_id = $1 ORDER BY slot_at', [
      guildId,
    ]);
    return rows.map(toSlot);
  }

  async claimSlot(input: ClaimSlotInput): Promise<TipSlot | null> {
    const { guildId, slotAt, channelId, now, leaseMs, tipIds } = input;
    return inTransaction(this.pool, async (client) => {
      // A second claimer waits on the first one's uncommitted row, then inserts nothing.
      const inserted = await client.query(
        `INSERT INTO tip_slots (guild_id, slot_at, state, channel_id, lease_until, attempts, claimed_at)
         VALUES ($1, $2, 'claimed', $3, $4, 1, $5)
         ON CONFLICT (guild_id, slot_at) DO NOTHING`,
        [guildId, slotAt, channelId, now + leaseMs, now],
      );
      if (inserted.rowCount !== 1) return null;
      const taken = await takeTipIn(client, guildId, tipIds, now);
      if (taken) {
        await client.query(
          'UPDATE tip_slots SET tip_id = $1, tip_cycle = $2 WHERE guild_id = $3 AND slot_at = $4',
          [taken.tipId, taken.cycle, guildId, slotAt],
        );
      }
      return readSlot(client, guildId, slotAt);
    });
  }

  async reclaimSlot(guildId: string, slotAt: number, now: number, leaseMs: number): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE tip_slots SET lease_until = $1, attempts = attempts + 1, claimed_at = $2
       WHERE guild_id = $3 AND slot_at = $4 AND state = 'claimed' AND message_id IS NULL AND lease_until <= $2`,
      [now + leaseMs, now, guildId, slotAt],
    );
    return result.rowCount === 1;
  }

  async markPosted(guildId: string, slotAt: number, messageId: string, now: number): Promise<void> {
    await this.pool.query(
      `UPDATE tip_slots SET state = 'posted', message_id = $1, note = NULL, finished_at = $2
       WHERE guild_id = $3 AND slot_at = $4 AND state = 'claimed'`,
      [messageId, now, guildId, slotAt],
    );
  }

  async releaseForRetry(guildId: string, slotAt: number, retryAt: number, note: SlotProblem): Promise<void> {
    await this.pool.query(
      `UPDATE tip_slots SET lease_until = $1, note = $2
       WHERE guild_id = $3 AND slot_at = $4 AND state = 'claimed' AND message_id IS NULL`,
      [retryAt, storeCode(note), guildId, slotAt],
    );
  }

  async markFailed(
    guildId: string,
    slotAt: number,
    note: SlotProblem,
    now: number,
    posted: 'no' | 'maybe',
  ): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query(
        `UPDATE tip_slots SET state = 'failed', note = $1, finished_at = $2
         WHERE guild_id = $3 AND slot_at = $4 AND state = 'claimed' AND message_id IS NULL
         RETURNING *`,
        [storeCode(note), now, guildId, slotAt],
      );
      if (rows[0] === undefined) return false;
      const slot = toSlot(rows[0]);
      if (posted === 'no' && slot.tipId && slot.tipCycle !== null) {
        await lockKey(client, rotationKey(guildId));
        const state = await readRotation(client, guildId);
        if (state) await saveRotation(client, guildId, giveBackTip(state, slot.tipId, slot.tipCycle), now);
      }
      return true;
    });
  }

  async recordSkipped(
    guildId: string,
    slotAt: number,
    channelId: string,
    note: SlotProblem,
    now: number,
  ): Promise<boolean> {
    const result = await this.pool.query(
      `INSERT INTO tip_slots
         (guild_id, slot_at, state, channel_id, lease_until, attempts, note, claimed_at, finished_at)
       VALUES ($1, $2, 'skipped', $3, 0, 0, $4, $5, $5)
       ON CONFLICT (guild_id, slot_at) DO NOTHING`,
      [guildId, slotAt, channelId, storeCode(note), now],
    );
    return result.rowCount === 1;
  }

  async openClaims(guildId: string): Promise<TipSlot[]> {
    const { rows } = await this.pool.query(
      "SELECT * FROM tip_slots WHERE guild_id = $1 AND state = 'claimed' ORDER BY slot_at",
      [guildId],
    );
    return rows.map(toSlot);
  }

  async earliestOpenLease(): Promise<number | null> {
    const { rows } = await this.pool.query(
      `SELECT min(s.lease_until) AS at FROM tip_slots s
       JOIN tip_schedules g ON g.guild_id = s.guild_id AND g.state = 'active'
       WHERE s.state = 'claimed'`,
    );
    return nullableInt.parse(rows[0]?.at ?? null);
  }

  async latestSlotAt(guildId: string): Promise<number | null> {
    const { rows } = await this.pool.query('SELECT max(slot_at) AS at FROM tip_slots WHERE guild_id = $1', [
      guildId,
    ]);
    return nullableInt.parse(rows[0]?.at ?? null);
  }

  async lastPosted(guildId: string): Promise<TipSlot | null> {
    const { rows } = await this.pool.query(
      "SELECT * FROM tip_slots WHERE guild_id = $1 AND state = 'posted' ORDER BY slot_at DESC LIMIT 1",
      [guildId],
    );
    return rows[0] === undefined ? null : toSlot(rows[0]);
  }

  async lastFinished(guildId: string): Promise<TipSlot | null> {
    const { rows } = await this.pool.query(
      "SELECT * FROM tip_slots WHERE guild_id = $1 AND state != 'claimed' ORDER BY slot_at DESC LIMIT 1",
      [guildId],
    );
    return rows[0] === undefined ? null : toSlot(rows[0]);
  }

  async takeTip(scope: string, tipIds: readonly string[], now: number): Promise<string | null> {
    return inTransaction(
      this.pool,
      async (client) => (await takeTipIn(client, scope, tipIds, now))?.tipId ?? null,
    );
  }

  async rotation(scope: string): Promise<RotationState | null> {
    return readRotation(this.pool, scope);
  }
}

const rotationKey = (scope: string) => `tip-rotation:${scope}`;

async function readSlot(db: Queryable, guildId: string, slotAt: number): Promise<TipSlot | null> {
  const { rows } = await db.query('SELECT * FROM tip_slots WHERE guild_id = $1 AND slot_at = $2', [
    guildId,
    slotAt,
  ]);
  return rows[0] === undefined ? null : toSlot(rows[0]);
}

async function readRotation(db: Queryable, scope: string): Promise<RotationState | null> {
  const { rows } = await db.query('SELECT * FROM tip_rotations WHERE scope = $1', [scope]);
  return rows[0] === undefined ? null : toRotation(rows[0]);
}

/** Takes the next tip of `scope` inside the caller's transaction, locking the rotation first. */
async function takeTipIn(client: pg.PoolClient, scope: string, tipIds: readonly string[], now: number) {
  await lockKey(client, rotationKey(scope));
  const taken = takeNextTip(await readRotation(client, scope), scope, tipIds);
  if (!taken) return null;
  await saveRotation(client, scope, taken.state, now);
  return { tipId: taken.tipId, cycle: taken.state.cycle };
}

async function saveRotation(db: Queryable, scope: string, state: RotationState, now: number): Promise<void> {
  await db.query(
    `INSERT INTO tip_rotations (scope, cycle, order_json, posted_json, last_tip_id, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (scope) DO UPDATE SET cycle = excluded.cycle, order_json = excluded.order_json,
       posted_json = excluded.posted_json, last_tip_id = excluded.last_tip_id, updated_at = excluded.updated_at`,
    [scope, state.cycle, JSON.stringify(state.order), JSON.stringify(state.posted), state.lastTipId, now],
  );
}
