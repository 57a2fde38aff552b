/** Snowflake-shaped ids for the stand-in: 18 digits, unique within one process, increasing. */
let counter = 0n;

export function nextSnowflake(): string {
  counter += 1n;
  return String(700_000_000_000_000_000n + counter);
}

/** Interaction tokens look like Discord's: long, URL-safe, and never a bot token. */
export function nextInteractionToken(): string {
  counter += 1n;
  return `aW50ZXJhY3Rpb24${counter.toString(36).padStart(12, '0')}${'x'.repeat(40)}`;
}
