/**
 * Slot arithmetic for tip schedules: a 5-field cron expression read in an IANA timezone
 * (croner does the calendar and daylight-saving work) turned into instants in milliseconds.
 */
import { Cron } from 'croner';

export interface CronSpec {
  readonly cron: string;
  readonly timezone: string;
}

interface CompiledSpec {
  readonly cron: Cron;
  /**
   * Recent answers to "first slot after `from`": the same answer holds for any instant in
   * [from, next), so the scheduler's once-a-minute checks rarely need croner at all.
   */
  readonly known: { readonly from: number; readonly next: number | null }[];
}

const compiled = new Map<string, CompiledSpec>();
const KNOWN_PER_SPEC = 4;

/**
 * The croner job for a spec, without a callback (nothing runs by itself). Throws croner's
 * error for an invalid expression; callers validate with `cronProblem` first.
 */
function compile(spec: CronSpec): CompiledSpec {
  const key = `${spec.timezone}\n${spec.cron}`;
  let entry = compiled.get(key);
  if (!entry) {
    const cron = new Cron(spec.cron, {
      timezone: spec.timezone,
      mode: '5-part',
      paused: true,
      // Explicit times (`30 2,14 * * *`) post once on daylight-saving nights, as in Vixie cron;
      // only `*` and step patterns follow wall-clock intervals.
      fixedTimeRule: 'no-wildcard',
    });
    if (compiled.size > 1_000) compiled.clear();
    entry = { cron, known: [] };
    compiled.set(key, entry);
  }
  return entry;
}

const job = (spec: CronSpec): Cron => compile(spec).cron;

/** What is wrong with a cron expression: the wrong number of fields, or croner's own complaint. */
export type CronProblem =
  | { readonly code: 'field-count'; readonly count: number }
  /** `detail` is croner's message (English, technical), quoted as it is. */
  | { readonly code: 'invalid'; readonly detail: string };

/** Null when croner accepts the expression, otherwise what is wrong (worded by schedule-check.ts). */
export function cronProblem(cron: string): CronProblem | null {
  const fields = cron.trim().split(/\s+/);
  if (!cron.trim().startsWith('@') && fields.length !== 5)
    return { code: 'field-count', count: fields.length };
  try {
    new Cron(cron, { mode: '5-part', paused: true });
    return null;
  } catch (error) {
    return { code: 'invalid', detail: (error as Error).message.replace(/^CronPattern:\s*/, '') };
  }
}

/** The first `count` slots strictly after `after`. */
export function nextSlots(spec: CronSpec, after: number, count: number): number[] {
  return job(spec)
    .nextRuns(count, new Date(after))
    .map((d) => d.getTime());
}

/** The first slot strictly after `after`. */
export function nextSlot(spec: CronSpec, after: number): number | null {
  const entry = compile(spec);
  const hit = entry.known.find((k) => after >= k.from && (k.next === null || after < k.next));
  if (hit) return hit.next;
  const next = entry.cron.nextRuns(1, new Date(after))[0]?.getTime() ?? null;
  entry.known.unshift({ from: after, next });
  if (entry.known.length > KNOWN_PER_SPEC) entry.known.pop();
  return next;
}

/** The latest slot at or before `at`, if it is later than `notBefore`. */
export function latestSlot(spec: CronSpec, at: number, notBefore: number): number | null {
  // croner's previousRuns excludes the reference instant itself; one millisecond later includes it.
  const [previous] = job(spec).previousRuns(1, new Date(at + 1));
  const slot = previous?.getTime();
  return slot !== undefined && slot > notBefore ? slot : null;
}

/** Slots in (from, to), counted up to `cap` so a long outage of a busy schedule stays cheap. */
export function countSlotsBetween(spec: CronSpec, from: number, to: number, cap: number): number {
  let count = 0;
  for (const slot of job(spec).enumerate(new Date(from))) {
    if (slot.getTime() >= to || count >= cap) break;
    count++;
  }
  return count;
}

/**
 * The shortest gap, in milliseconds, between consecutive slots among the next `samples`
 * (null when the schedule has fewer than two future slots). Looking at many gaps catches
 * expressions like `0,5 9 * * 1` whose first gap is a week but whose second is 5 minutes.
 */
export function shortestGap(spec: CronSpec, from: number, samples = 100): number | null {
  const slots = nextSlots(spec, from, samples);
  let shortest: number | null = null;
  for (let i = 1; i < slots.length; i++) {
    const gap = slots[i]! - slots[i - 1]!;
    if (shortest === null || gap < shortest) shortest = gap;
  }
  return shortest;
}
