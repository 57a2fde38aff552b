/**
 * Insight rows -> domain objects, shared by both adapters (same table and column names): the
 * guesses column is JSON text, validated here so a hand-edited row cannot reach a reply unchecked.
 */
import { z } from 'zod';
import { isLocale, type Locale } from '../i18n/locales.js';
import { INSIGHT_OUTCOMES, type Insight } from '../insights/insight-store.js';

const guesses = z.array(z.object({ topicId: z.string(), score: z.number() }));

const insightRow = z.object({
  // PostgreSQL returns BIGSERIAL and BIGINT as strings; both fit a number for centuries.
  id: z.coerce.number().int(),
  guild_id: z.string(),
  question: z.string(),
  outcome: z.enum(INSIGHT_OUTCOMES),
  guesses: z.string().transform((text) => guesses.parse(JSON.parse(text))),
  locale: z.string().refine(isLocale, 'not a supported locale'),
  at: z.coerce.number().int(),
});

/** One row of `insights` as an Insight; throws on a row that does not fit. */
export function toInsight(row: unknown): Insight {
  const r = insightRow.parse(row);
  return {
    id: r.id,
    guildId: r.guild_id,
    question: r.question,
    outcome: r.outcome,
    guesses: r.guesses,
    locale: r.locale as Locale,
    at: r.at,
  };
}

/** The `insights` switch of a settings row (INTEGER in SQLite, BOOLEAN in PostgreSQL); on when absent. */
export function toRecordingSwitch(row: { insights?: unknown } | undefined): boolean {
  if (row === undefined) return true;
  return z.union([z.boolean(), z.number().transform((n) => n !== 0)]).parse(row.insights);
}
