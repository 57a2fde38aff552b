/**
 * One guild's due work at one moment: post the latest due slot once, retry a slot whose send
 * failed or whose sender vanished (while Discord still recognises its nonce), and write off slots
 * that are too old. All decisions go through the database (claims with leases), so any number of
 * processes can run this for the same guild at the same time and each slot is still posted at most
 * once. A slot's tip is taken from the rotation when the slot is claimed, before the send, and is
 * given back only when the send certainly failed, so no crash makes the next slot repeat it.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../clock.js';
import { DEFAULT_LOCALE } from '../i18n/locales.js';
import { translator } from '../i18n/messages.js';
import type { ServerLanguage } from '../i18n/server-language.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { KnowledgeLibrary } from '../knowledge/knowledge-library.js';
import type { Logger } from '../logger.js';
import type { TipMetrics } from '../ops/metrics.js';
import { type Outbox, OutboxError } from '../replies/outbox.js';
import { countSlotsBetween, latestSlot, nextSlot } from './cron-slots.js';
import { tipReply } from './tip-message.js';
import { describeSlotProblem, type PauseReason, type SendError, type SlotProblem } from './tip-problems.js';
import type { TipSchedule, TipSlot, TipStore } from './tip-store.js';

export interface SlotRunnerOptions {
  readonly store: TipStore;
  readonly outbox: Outbox;
  /** The English knowledge base: the tip ids of the rotation. */
  readonly knowledge: KnowledgeBase;
  /** Tips in each language: a post is in its server's (`language`). */
  readonly library: KnowledgeLibrary;
  readonly language: ServerLanguage;
  readonly logger: Logger;
  /** Counted where the store confirms a change, so a slot another process handled is not counted twice. */
  readonly metrics: TipMetrics;
  readonly clock: Clock;
  /** How late a slot may still be posted. */
  readonly graceMs: number;
  /** How long a claim protects a send in progress before another process may take the slot over. */
  readonly leaseMs: number;
}

/** First retry after this long, doubling each time. */
const RETRY_BASE_MS = 5_000;
/**
 * Retries stay a few minutes apart at most, inside the window in which Discord still
 * recognises the slot's nonce, so a send that did arrive despite an error is not duplicated.
 */
const RETRY_MAX_MS = 120_000;
/**
 * How long after an attempt began a slot may still be sent again. Discord returns the first
 * message for a repeated nonce only "in the past few minutes" (its documentation for
 * `enforce_nonce`; five in practice): past this, a resend of a post that did arrive would be a
 * second copy of the same tip. A process that died mid-send leaves exactly that unknown.
 */
const RESEND_WINDOW_MS = 4 * 60_000;
/** Counting missed slots for the log stops here; a long outage of a busy schedule stays cheap. */
const MISSED_COUNT_CAP = 10_000;

/**
 * The message nonce for a slot: the same for every attempt at that slot, different for every
 * other slot, and within Discord's 25-character limit.
 */
export function slotNonce(guildId: string, slotAt: number): string {
  return createHash('sha256').update(`privacy-tip:${guildId}:${slotAt}`).digest('hex').slice(0, 25);
}

export function retryDelay(attempts: number, retryAfterMs?: number): number {
  const backoff = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.min(RETRY_MAX_MS, Math.max(backoff, retryAfterMs ?? 0));
}

/**
 * Whether a failed send certainly left nothing in the channel: Discord refused it (403, 404, or a
 * 429 it never processed). Anything else (a timeout, a 5xx, an error of ours) may have posted it.
 */
function certainlyNotPosted(error: OutboxError | null): boolean {
  return (
    error?.failure === 'missing-access' ||
    error?.failure === 'missing-channel' ||
    error?.failure === 'rate-limited'
  );
}

/** What a moderator must fix, for failures that retrying cannot (worded by tip-problems.ts). */
function pauseReason(
  error: OutboxError,
  channelId: string,
): (PauseReason & { code: 'missing-access' | 'missing-channel' }) | null {
  if (error.failure === 'missing-access' || error.failure === 'missing-channel') {
    return { code: error.failure, channelId };
  }
  return null;
}

const sendError = (error: OutboxError): SendError => ({ failure: error.failure, detail: error.message });

const iso = (ms: number) => new Date(ms).toISOString();

/** Log lines are English, whatever the servers speak. */
const LOG = translator(DEFAULT_LOCALE);

export class SlotRunner {
  constructor(private readonly o: SlotRunnerOptions) {}

  /** Does whatever is due for `schedule` now. Never throws for a send failure. */
  async run(schedule: TipSchedule): Promise<void> {
    const { store, clock, graceMs, leaseMs } = this.o;
    const guildId = schedule.guildId;
    const now = clock.now();
    const expiredClaims = (await store.openClaims(guildId)).filter((claim) => claim.leaseUntil <= now);
    const latestDue = expiredClaims.length > 0 ? latestSlot(schedule, now, schedule.startsAfter) : null;

    // An expired claim's last attempt may have reached Discord (its sender died mid-send, or it is
    // waiting for a retry after a 5xx): giving it up keeps its tip taken, and it is only sent again
    // while Discord still recognises its nonce.
    for (const claim of expiredClaims) {
      const giveUp: SlotProblem | null =
        claim.slotAt <= schedule.startsAfter
          ? { code: 'schedule-changed' }
          : now - claim.slotAt > graceMs
            ? {
                code: 'grace-expired',
                graceMinutes: graceMs / 60_000,
                lastError: claim.note?.code === 'send-failed' ? claim.note.error : null,
              }
            : latestDue !== null && latestDue > claim.slotAt
              ? { code: 'later-slot-due' }
              : now - claim.claimedAt > RESEND_WINDOW_MS
                ? { code: 'stopped-mid-send', minutesAgo: Math.round((now - claim.claimedAt) / 60_000) }
                : null;
      if (giveUp) {
        if (await store.markFailed(guildId, claim.slotAt, giveUp, now, 'maybe')) {
          // A later slot or a changed schedule made it moot: skipped. Otherwise it was not posted in time.
          this.o.metrics.tipSlot(
            giveUp.code === 'later-slot-due' || giveUp.code === 'schedule-changed' ? 'skipped' : 'failed',
          );
          this.o.logger.warn(
            {
              guildId,
              slot: iso(claim.slotAt),
              reason: giveUp.code,
              detail: describeSlotProblem(giveUp, LOG),
            },
            'privacy tip slot given up',
          );
        }
      } else if (await store.reclaimSlot(guildId, claim.slotAt, now, leaseMs)) {
        this.o.logger.info(
          { guildId, slot: iso(claim.slotAt), attempt: claim.attempts + 1 },
          'retrying privacy tip',
        );
        await this.send(schedule, { ...claim, attempts: claim.attempts + 1 });
      }
    }

    const watermark = Math.max(
      schedule.startsAfter,
      (await store.latestSlotAt(guildId)) ?? schedule.startsAfter,
    );
    // Most wakes find nothing due; looking forward from the watermark is the cheap way to know.
    const firstUnhandled = nextSlot(schedule, watermark);
    if (firstUnhandled === null || firstUnhandled > now) return;
    const slotAt = latestSlot(schedule, now, watermark);
    if (slotAt === null) return;
    const missedEarlier = countSlotsBetween(schedule, watermark, slotAt, MISSED_COUNT_CAP);
    const lateBy = now - slotAt;
    if (lateBy > graceMs) {
      const note: SlotProblem = {
        code: 'missed-offline',
        lateMinutes: Math.round(lateBy / 60_000),
        graceMinutes: graceMs / 60_000,
      };
      if (await store.recordSkipped(guildId, slotAt, schedule.channelId, note, now)) {
        this.o.metrics.tipSlot('skipped');
        this.o.logger.warn(
          { guildId, slot: iso(slotAt), missedSlots: missedEarlier + 1 },
          'privacy tip slots missed while the bot was down were skipped',
        );
      }
      return;
    }
    const claim = await store.claimSlot({
      guildId,
      slotAt,
      channelId: schedule.channelId,
      now,
      leaseMs,
      tipIds: this.o.knowledge.tips.map((t) => t.id),
    });
    if (!claim) return;
    if (missedEarlier > 0) {
      this.o.logger.warn(
        { guildId, slot: iso(slotAt), skippedSlots: missedEarlier },
        'posting only the latest missed privacy tip slot; earlier ones were skipped',
      );
    }
    await this.send(schedule, claim);
  }

  private async send(schedule: TipSchedule, slot: TipSlot): Promise<void> {
    const { store, clock, logger, graceMs } = this.o;
    const { guildId, slotAt, channelId } = slot;
    const tip = slot.tipId === null ? undefined : this.o.knowledge.tip(slot.tipId);
    if (!tip) {
      const note: SlotProblem =
        slot.tipId === null ? { code: 'no-tips' } : { code: 'tip-removed', tipId: slot.tipId };
      if (await store.markFailed(guildId, slotAt, note, clock.now(), 'no')) this.o.metrics.tipSlot('failed');
      logger.error(
        { guildId, slot: iso(slotAt) },
        `privacy tip not posted: ${describeSlotProblem(note, LOG)}`,
      );
      return;
    }
    try {
      // Every attempt at a slot asks again; the same nonce keeps a retry in another language from
      // becoming a second post.
      const locale = await this.o.language.of(guildId);
      const knowledge = this.o.library.in(locale);
      const reply = tipReply(knowledge.tip(tip.id) ?? tip, knowledge, translator(locale));
      const { messageId } = await this.o.outbox.postToChannel(channelId, reply, {
        nonce: slotNonce(guildId, slotAt),
      });
      await store.markPosted(guildId, slotAt, messageId, clock.now());
      this.o.metrics.tipSlot('posted');
      logger.info({ guildId, channelId, slot: iso(slotAt), tipId: tip.id, messageId }, 'privacy tip posted');
    } catch (error) {
      const now = clock.now();
      const outboxError = error instanceof OutboxError ? error : null;
      const reason = outboxError ? pauseReason(outboxError, channelId) : null;
      if (reason) {
        const note: SlotProblem = { code: 'cannot-post', reason: reason.code, channelId };
        const failed = await store.markFailed(guildId, slotAt, note, now, 'no');
        const paused = await store.pauseSchedule(guildId, schedule.channelId, reason, now);
        if (failed) this.o.metrics.tipSlot(paused ? 'paused' : 'failed');
        logger.warn(
          { guildId, channelId, slot: iso(slotAt), failure: outboxError?.failure, paused },
          'privacy tips paused: the bot cannot post in the channel',
        );
        return;
      }
      if (outboxError?.retryable) {
        const retryAt = now + retryDelay(slot.attempts, outboxError.retryAfterMs);
        if (retryAt - slotAt <= graceMs) {
          await store.releaseForRetry(guildId, slotAt, retryAt, {
            code: 'send-failed',
            error: sendError(outboxError),
          });
          this.o.metrics.tipSendRetry();
          logger.warn(
            {
              guildId,
              slot: iso(slotAt),
              attempt: slot.attempts,
              retryAt: iso(retryAt),
              failure: outboxError.failure,
            },
            'privacy tip send failed; will retry',
          );
          return;
        }
        const failed = await store.markFailed(
          guildId,
          slotAt,
          { code: 'gave-up', attempts: slot.attempts, error: sendError(outboxError) },
          now,
          certainlyNotPosted(outboxError) ? 'no' : 'maybe',
        );
        if (failed) this.o.metrics.tipSlot('failed');
        logger.error(
          { guildId, slot: iso(slotAt), attempts: slot.attempts },
          'privacy tip send failed for good',
        );
        return;
      }
      const note: SlotProblem = outboxError
        ? { code: 'send-failed', error: sendError(outboxError) }
        : { code: 'unexpected-error' };
      const failed = await store.markFailed(
        guildId,
        slotAt,
        note,
        now,
        certainlyNotPosted(outboxError) ? 'no' : 'maybe',
      );
      if (failed) this.o.metrics.tipSlot('failed');
      logger.error({ err: error, guildId, slot: iso(slotAt) }, 'privacy tip send failed');
    }
  }
}
