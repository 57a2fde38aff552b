/**
 * IANA timezone names for tip schedules: checking what a moderator typed, and suggesting
 * zones as they type (from the runtime's own list, so suggestions are always accepted).
 */

/** Offered first for an empty query: the zones most servers are likely to use. */
const COMMON_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Paris',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
] as const;

let allZones: readonly string[] | null = null;

function zones(): readonly string[] {
  // Node's list omits the plain "UTC" that most people type.
  allZones ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return allZones;
}

/**
 * The zone name to store for what was typed ("europe/berlin" -> "Europe/Berlin"), or null
 * when it is not a timezone this runtime knows. Offsets such as "+01:00" are refused: they
 * do not follow daylight-saving time, which is the point of naming a zone.
 */
export function resolveTimezone(input: string): string | null {
  const typed = input.trim().replace(/ /g, '_');
  if (typed === '' || /^[+-]/.test(typed)) return null;
  const listed = zones().find((z) => z.toLowerCase() === typed.toLowerCase());
  if (listed) return listed;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: typed }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Zones matching what was typed: names starting with it first, then names containing it. */
export function suggestTimezones(partial: string, limit: number): string[] {
  const query = partial.trim().toLowerCase().replace(/ /g, '_');
  if (query === '') return COMMON_ZONES.slice(0, limit);
  const starts: string[] = [];
  const contains: string[] = [];
  for (const zone of zones()) {
    const name = zone.toLowerCase();
    const city = name.slice(name.lastIndexOf('/') + 1);
    if (name.startsWith(query) || city.startsWith(query)) starts.push(zone);
    else if (name.includes(query)) contains.push(zone);
  }
  return [...starts, ...contains].slice(0, limit);
}
