/**
 * Gateway sharding: which shard carries a guild, and how this process's shard settings
 * (DISCORD_SHARD_COUNT, DISCORD_SHARD_IDS) become discord.js client options. Several processes,
 * each running some of the shard ids, together serve every guild exactly once, because Discord
 * sends each guild's events only to the one shard the formula below names.
 */
import type { Config } from '../config.js';

/**
 * The shard that carries a guild: `(guild_id >> 22) % shard_count`, Discord's "Sharding formula"
 * (https://discord.com/developers/docs/events/gateway#sharding). The top bits of a snowflake are
 * its timestamp, so guilds spread evenly over shards. Discord routes a guild's events (its
 * GUILD_CREATE, its interactions) only to that shard; direct messages go to shard 0.
 *
 * @param guildId a Discord id (a snowflake: decimal digits)
 * @param shardCount the total number of shards across every process, at least 1
 * @returns the shard id, from 0 to shardCount - 1
 * @throws RangeError when the id is not decimal digits or the count is not a whole number ≥ 1
 */
export function shardOfGuild(guildId: string, shardCount: number): number {
  if (!/^\d{1,20}$/.test(guildId)) throw new RangeError(`not a Discord guild id: "${guildId}"`);
  if (!Number.isSafeInteger(shardCount) || shardCount < 1)
    throw new RangeError(`shard count must be a whole number of at least 1, not ${shardCount}`);
  // BigInt: a snowflake has up to 64 bits, beyond a double's exact range.
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** The shards one process runs, out of how many in all. */
export interface ShardSet {
  /** This process's shard ids, ascending. */
  readonly ids: readonly number[];
  /** Shards across every process. */
  readonly count: number;
}

/**
 * Whether a guild belongs to this process's shards: the tips scheduler uses it to look only at
 * the guilds it serves, so each process's work stays in proportion to its share.
 */
export function servesGuild(shards: ShardSet): (guildId: string) => boolean {
  const own = new Set(shards.ids);
  return (guildId) => own.has(shardOfGuild(guildId, shards.count));
}

/**
 * discord.js `Client` options for the configured shards. Without DISCORD_SHARD_COUNT, `'auto'`:
 * discord.js runs every shard of the count Discord recommends in GET /gateway/bot. With a count
 * and no ids, every shard of that count; with both, just those ids.
 */
export function clientShardOptions(
  config: Pick<Config, 'DISCORD_SHARD_COUNT' | 'DISCORD_SHARD_IDS'>,
): { readonly shards: 'auto' } | { readonly shards: number[]; readonly shardCount: number } {
  const count = config.DISCORD_SHARD_COUNT;
  if (count === undefined) return { shards: 'auto' };
  const ids = config.DISCORD_SHARD_IDS ?? Array.from({ length: count }, (_, id) => id);
  return { shards: [...ids], shardCount: count };
}
