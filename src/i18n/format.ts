/**
 * Numbers, durations, dates and lists in a reader's language, from the runtime's CLDR data
 * (Intl.NumberFormat, Intl.DateTimeFormat, Intl.ListFormat), so no unit word or date pattern is
 * written by hand. Moments a Discord client shows are Discord timestamps instead
 * (src/replies/discord-timestamp.ts): each reader's own client localises those.
 */
import type { Locale } from './locales.js';

/**
 * A whole number of minutes as days, hours and minutes ("1 day 2 hours", "3 Minuten"), units
 * and their plural forms from Intl.NumberFormat's `unit` style, joined by Intl.ListFormat's
 * `unit` list ("1 day, 2 hours" or "1 day 2 hours", as the locale writes durations).
 */
export function formatDuration(locale: Locale, totalMinutes: number): string {
  const days = Math.floor(totalMinutes / 1_440);
  const hours = Math.floor((totalMinutes % 1_440) / 60);
  const minutes = Math.round(totalMinutes % 60);
  const unit = (value: number, name: 'day' | 'hour' | 'minute') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'long' }).format(value);
  const parts: string[] = [];
  if (days > 0) parts.push(unit(days, 'day'));
  if (hours > 0) parts.push(unit(hours, 'hour'));
  if (minutes > 0 || parts.length === 0) parts.push(unit(minutes, 'minute'));
  return new Intl.ListFormat(locale, { style: 'narrow', type: 'unit' }).format(parts);
}

/**
 * A calendar date as the knowledge base writes it (YYYY-MM-DD) in the locale's medium date style
 * ("Nov 25, 2026", "25 nov 2026"), read as that day in UTC so no timezone moves it. Text that is
 * not such a date is returned as it is.
 */
export function formatCalendarDate(locale: Locale, isoDate: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) return isoDate;
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** "A, B and C" in the locale's words (Intl.ListFormat, conjunction). */
export function formatList(locale: Locale, items: readonly string[]): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}
