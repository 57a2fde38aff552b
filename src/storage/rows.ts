/**
 * Database rows -> domain objects, shared by every adapter: both dialects use the same table
 * and column names, so one zod schema per table validates what comes out of either.
 */
import { z } from 'zod';
import {
  AUDIT_ACTIONS,
  type AuditRecord,
  FAQ_STATUSES,
  type FaqEntry,
  type GuildFaqSettings,
} from '../faq/faq-store.js';
import { isLocale } from '../i18n/locales.js';
import type { RotationState } from '../tips/rotation.js';
import { parsePauseReason, parseSlotProblem } from '../tips/tip-problems.js';
import { SCHEDULE_STATES, SLOT_STATES, type TipSchedule, type TipSlot } from '../tips/tip-store.js';

const int = z.number().int();

const entryRow = z.object({
  id: int,
  guild_id: z.string(),
  status: z.enum(FAQ_STATUSES),
  author_id: z.string(),
  question: z.string(),
  answer: z.string(),
  source_url: z.string().nullable(),
  created_at: int,
  updated_at: int,
  resolved_by: z.string().nullable(),
  resolved_at: int.nullable(),
  reason: z.string().nullable(),
});

export function toEntry(row: unknown): FaqEntry {
  const r = entryRow.parse(row);
  return {
    id: r.id,
    guildId: r.guild_id,
    status: r.status,
    authorId: r.author_id,
    question: r.question,
    answer: r.answer,
    sourceUrl: r.source_url,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    resolvedBy: r.resolved_by,
    resolvedAt: r.resolved_at,
    reason: r.reason,
  };
}

/** A faq_guild_settings row as both adapters select it. */
export interface SettingsRow {
  readonly review_channel_id: string | null;
  readonly moderator_role_id: string | null;
  readonly language: string | null;
}

const settingsRow = z.object({
  review_channel_id: z.string().nullable(),
  moderator_role_id: z.string().nullable(),
  language: z.string().nullable(),
});

/**
 * A settings row -> the guild's settings. A language code this build has no content in (written
 * by a newer build that spoke more languages) reads as none chosen: the server's own language.
 */
export function toSettings(row: SettingsRow): GuildFaqSettings {
  const r = settingsRow.parse(row);
  return {
    reviewChannelId: r.review_channel_id,
    moderatorRoleId: r.moderator_role_id,
    language: isLocale(r.language) ? r.language : null,
  };
}

const auditRow = z.object({
  id: int,
  guild_id: z.string(),
  actor_id: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  entry_id: int.nullable(),
  before_json: z.string().nullable(),
  after_json: z.string().nullable(),
  at: int,
});

export function toAuditRecord(row: unknown): AuditRecord {
  const r = auditRow.parse(row);
  return {
    id: r.id,
    guildId: r.guild_id,
    actorId: r.actor_id,
    action: r.action,
    entryId: r.entry_id,
    before: r.before_json === null ? null : JSON.parse(r.before_json),
    after: r.after_json === null ? null : JSON.parse(r.after_json),
    at: r.at,
  };
}

const scheduleRow = z.object({
  guild_id: z.string(),
  channel_id: z.string(),
  cron: z.string(),
  timezone: z.string(),
  state: z.enum(SCHEDULE_STATES),
  paused_reason: z.string().nullable(),
  starts_after: int,
  updated_by: z.string(),
  updated_at: int,
});

export function toSchedule(row: unknown): TipSchedule {
  const r = scheduleRow.parse(row);
  return {
    guildId: r.guild_id,
    channelId: r.channel_id,
    cron: r.cron,
    timezone: r.timezone,
    state: r.state,
    pausedReason: r.paused_reason === null ? null : parsePauseReason(r.paused_reason),
    startsAfter: r.starts_after,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
}

const slotRow = z.object({
  guild_id: z.string(),
  slot_at: int,
  state: z.enum(SLOT_STATES),
  channel_id: z.string(),
  tip_id: z.string().nullable(),
  tip_cycle: int.nullable(),
  lease_until: int,
  attempts: int,
  message_id: z.string().nullable(),
  note: z.string().nullable(),
  claimed_at: int,
  finished_at: int.nullable(),
});

export function toSlot(row: unknown): TipSlot {
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
    note: r.note === null ? null : parseSlotProblem(r.note),
    claimedAt: r.claimed_at,
    finishedAt: r.finished_at,
  };
}

const rotationRow = z.object({
  cycle: int,
  order_json: z.string(),
  posted_json: z.string(),
  last_tip_id: z.string().nullable(),
});
const idList = z.array(z.string());

export function toRotation(row: unknown): RotationState {
  const r = rotationRow.parse(row);
  return {
    cycle: r.cycle,
    order: idList.parse(JSON.parse(r.order_json)),
    posted: idList.parse(JSON.parse(r.posted_json)),
    lastTipId: r.last_tip_id,
  };
}

/** A count or an aggregate that may be null (no rows), as a plain number. */
export const nullableInt = int.nullable();

const cooldownRow = z.object({ until_ms: int });

/** When a `cooldowns` row's pause ends, in ms since the epoch. */
export function toCooldownEnd(row: unknown): number {
  return cooldownRow.parse(row).until_ms;
}
