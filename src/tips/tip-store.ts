/**
 * The privacy-tip scheduler's storage port: schedules, slot claims and rotations, in the tips
 * feature's own types. Adapters (src/storage/sqlite/, src/storage/postgres/) implement it; the
 * composition root picks one. The database is the scheduler's source of truth, so every state
 * change is one atomic step that any number of processes may attempt at once.
 *
 * Guarantees every adapter keeps (checked by test/tips/tip-store.contract.ts against each one):
 * - claimSlot succeeds for exactly one caller per (guild, slot), and takes that slot's tip from
 *   the rotation in the same transaction, so no two slots of one cycle get the same tip;
 * - reclaimSlot and markFailed succeed for exactly one caller;
 * - the rotation advances by exactly one tip per successful take, however many take at once.
 */
import type { RotationState } from './rotation.js';
import type { PauseReason, SlotProblem } from './tip-problems.js';

export const SCHEDULE_STATES = ['active', 'paused', 'stopped'] as const;
export type ScheduleState = (typeof SCHEDULE_STATES)[number];
export const SLOT_STATES = ['claimed', 'posted', 'skipped', 'failed'] as const;
export type SlotState = (typeof SLOT_STATES)[number];

export interface TipSchedule {
  readonly guildId: string;
  readonly channelId: string;
  readonly cron: string;
  readonly timezone: string;
  readonly state: ScheduleState;
  /** Why it is paused, as a code (src/tips/tip-problems.ts). */
  readonly pausedReason: PauseReason | null;
  /** Slots at or before this instant (ms since the epoch) are not this schedule's to post. */
  readonly startsAfter: number;
  readonly updatedBy: string;
  readonly updatedAt: number;
}

export interface TipSlot {
  readonly guildId: string;
  /** The slot's scheduled instant, ms since the epoch. */
  readonly slotAt: number;
  readonly state: SlotState;
  readonly channelId: string;
  readonly tipId: string | null;
  /** The rotation cycle the tip was taken from, to give it back if the post never happens. */
  readonly tipCycle: number | null;
  readonly leaseUntil: number;
  /** Send attempts so far (the first send is attempt 1). */
  readonly attempts: number;
  readonly messageId: string | null;
  /** Why it was not posted, or the last send error of an open claim, as a code. */
  readonly note: SlotProblem | null;
  readonly claimedAt: number;
  readonly finishedAt: number | null;
}

export interface SaveScheduleInput {
  readonly guildId: string;
  readonly channelId: string;
  readonly cron: string;
  readonly timezone: string;
  readonly by: string;
  /** The schedule is active from this instant; earlier slots are not owed. */
  readonly now: number;
}

export interface ClaimSlotInput {
  readonly guildId: string;
  readonly slotAt: number;
  readonly channelId: string;
  readonly now: number;
  /** How long the claim protects the send, in milliseconds. */
  readonly leaseMs: number;
  /** The tips the knowledge base has now, for the rotation. */
  readonly tipIds: readonly string[];
}

export interface TipStore {
  schedule(guildId: string): Promise<TipSchedule | null>;
  /** Active schedules of every guild, by guild id. */
  activeSchedules(): Promise<TipSchedule[]>;
  /** Creates or replaces the guild's schedule, active from `now` (earlier slots are not owed). */
  saveSchedule(input: SaveScheduleInput): Promise<void>;
  /** False when there was no running or paused schedule. */
  stopSchedule(guildId: string, by: string, now: number): Promise<boolean>;
  /**
   * Pauses the schedule with a reason, unless a moderator has meanwhile pointed it at another
   * channel or stopped it (the failure was about the old setting). True when it paused.
   */
  pauseSchedule(guildId: string, channelId: string, reason: PauseReason, now: number): Promise<boolean>;
  slot(guildId: string, slotAt: number): Promise<TipSlot | null>;
  /** Every slot of a guild, oldest first. */
  slotsOf(guildId: string): Promise<TipSlot[]>;
  /**
   * Claims a slot and takes its tip from the guild's rotation, in one transaction. Null when the
   * slot was already claimed (by this process earlier, or by another one).
   */
  claimSlot(input: ClaimSlotInput): Promise<TipSlot | null>;
  /**
   * Takes over a claimed slot whose lease ran out without a message id (its sender crashed, or
   * it is due for a retry). True for exactly one caller.
   */
  reclaimSlot(guildId: string, slotAt: number, now: number, leaseMs: number): Promise<boolean>;
  markPosted(guildId: string, slotAt: number, messageId: string, now: number): Promise<void>;
  /** Lets the slot be re-claimed at `retryAt` (by any process) after a retryable failure. */
  releaseForRetry(guildId: string, slotAt: number, retryAt: number, note: SlotProblem): Promise<void>;
  /**
   * Gives up on a claimed slot. True when it was still open. `posted` says what is known of the
   * post: 'no' when it certainly never reached the channel, and its tip then goes back to the
   * rotation so the cycle still covers it; 'maybe' otherwise, and the tip stays taken.
   */
  markFailed(
    guildId: string,
    slotAt: number,
    note: SlotProblem,
    now: number,
    posted: 'no' | 'maybe',
  ): Promise<boolean>;
  /** Records a slot that will not be posted. False when the slot already has a row. */
  recordSkipped(
    guildId: string,
    slotAt: number,
    channelId: string,
    note: SlotProblem,
    now: number,
  ): Promise<boolean>;
  /** A guild's claimed (unfinished) slots, oldest first. */
  openClaims(guildId: string): Promise<TipSlot[]>;
  /** When the next claim of an active schedule may be retried or taken over. */
  earliestOpenLease(): Promise<number | null>;
  /** The latest slot this guild has any record of. */
  latestSlotAt(guildId: string): Promise<number | null>;
  lastPosted(guildId: string): Promise<TipSlot | null>;
  /** The latest slot that is no longer in progress (posted, skipped or failed). */
  lastFinished(guildId: string): Promise<TipSlot | null>;
  /** Takes the next tip of `scope`'s rotation (a guild id, or `dm:<user id>`); null without tips. */
  takeTip(scope: string, tipIds: readonly string[], now: number): Promise<string | null>;
  rotation(scope: string): Promise<RotationState | null>;
}
