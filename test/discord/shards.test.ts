/**
 * Gateway sharding settings: Discord's sharding formula, DISCORD_SHARD_COUNT and DISCORD_SHARD_IDS
 * as loadConfig validates them, and the discord.js client options they become.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { clientShardOptions, servesGuild, shardOfGuild } from '../../src/discord/shards.js';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('shardOfGuild (Discord "Sharding formula": (guild_id >> 22) % shard_count)', () => {
  it('matches worked values of the formula', () => {
    // 197038439483310086 >> 22 = floor(197038439483310086 / 4194304) = 46977624770.
    expect(shardOfGuild('197038439483310086', 1)).toBe(0);
    expect(shardOfGuild('197038439483310086', 2)).toBe(0);
    expect(shardOfGuild('197038439483310086', 7)).toBe(6);
    expect(shardOfGuild('197038439483310086', 1_000)).toBe(770);
  });

  it('uses the bits above the low 22 only: ids that differ below bit 22 share a shard', () => {
    const base = 5n << 22n;
    expect(shardOfGuild(String(base), 4)).toBe(1);
    expect(shardOfGuild(String(base + (1n << 22n) - 1n), 4)).toBe(1);
    expect(shardOfGuild(String(base + (1n << 22n)), 4)).toBe(2);
  });

  it('is exact for the largest snowflakes, beyond the range a double holds exactly', () => {
    const largest = 2n ** 64n - 1n;
    expect(shardOfGuild(String(largest), 1_000)).toBe(Number((largest >> 22n) % 1_000n));
    expect(shardOfGuild(String(largest), 3)).toBe(Number((largest >> 22n) % 3n));
  });

  it('refuses an id that is not digits and a count below 1, with a message', () => {
    expect(() => shardOfGuild('guild-1', 2)).toThrow(/not a Discord guild id/);
    expect(() => shardOfGuild('123', 0)).toThrow(/at least 1/);
    expect(() => shardOfGuild('123', 1.5)).toThrow(/whole number/);
  });
});

describe('servesGuild', () => {
  it('accepts exactly the guilds whose shard is one of this process’s ids', () => {
    const guilds = Array.from({ length: 8 }, (_, i) => String((BigInt(i) << 22n) + 12_345n));
    const serves = servesGuild({ ids: [1, 3], count: 4 });
    expect(guilds.filter(serves)).toEqual([guilds[1], guilds[3], guilds[5], guilds[7]]);
  });

  it('splits every guild to exactly one of several processes that together run all shards', () => {
    const guilds = Array.from({ length: 50 }, (_, i) =>
      String((700_000_000_000_000_000n + BigInt(i) * 7_919n) << 3n),
    );
    const processes = [servesGuild({ ids: [0, 1], count: 4 }), servesGuild({ ids: [2, 3], count: 4 })];
    for (const guild of guilds) expect(processes.filter((serves) => serves(guild))).toHaveLength(1);
  });
});

describe('DISCORD_SHARD_COUNT and DISCORD_SHARD_IDS', () => {
  it('are unset by default, which runs every shard Discord recommends', () => {
    const config = loadConfig({});
    expect(config.DISCORD_SHARD_COUNT).toBeUndefined();
    expect(config.DISCORD_SHARD_IDS).toBeUndefined();
    expect(clientShardOptions(config)).toEqual({ shards: 'auto' });
  });

  it('with a count alone run every shard of that count', () => {
    const config = loadConfig({ DISCORD_SHARD_COUNT: '3' });
    expect(config.DISCORD_SHARD_COUNT).toBe(3);
    expect(clientShardOptions(config)).toEqual({ shards: [0, 1, 2], shardCount: 3 });
  });

  it('with ids run just those, spaces around the commas allowed', () => {
    const config = loadConfig({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '2, 3' });
    expect(config.DISCORD_SHARD_IDS).toEqual([2, 3]);
    expect(clientShardOptions(config)).toEqual({ shards: [2, 3], shardCount: 4 });
  });

  it('refuses a count that is not a whole number of at least 1', () => {
    expect(problemsOf({ DISCORD_SHARD_COUNT: '0' })).toEqual(['DISCORD_SHARD_COUNT must be at least 1']);
    for (const value of ['two', '2.5', '0x10', '1e3', '-1']) {
      expect(problemsOf({ DISCORD_SHARD_COUNT: value }), value).toEqual([
        'DISCORD_SHARD_COUNT must be a whole number of at least 1, in digits',
      ]);
    }
  });

  it('refuses ids without a count, since every process must agree on the total', () => {
    const problems = problemsOf({ DISCORD_SHARD_IDS: '0' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT/);
  });

  it('refuses an id that is not below the count, naming it and the valid range', () => {
    expect(problemsOf({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '1,4,5' })).toEqual([
      'DISCORD_SHARD_IDS names shard 4, 5, but with DISCORD_SHARD_COUNT=4 the shard ids are 0 to 3',
    ]);
  });

  it('refuses a repeated id, a negative or non-numeric one, and an empty item', () => {
    const count = { DISCORD_SHARD_COUNT: '4' };
    expect(problemsOf({ ...count, DISCORD_SHARD_IDS: '0,1,1' })).toEqual([
      'DISCORD_SHARD_IDS lists shard 1 twice',
    ]);
    for (const [ids, item] of [
      ['-1', '-1'],
      ['0,one', 'one'],
      ['0,,1', ''],
      ['1.5', '1.5'],
    ] as const) {
      expect(problemsOf({ ...count, DISCORD_SHARD_IDS: ids })).toEqual([
        `DISCORD_SHARD_IDS must be shard ids separated by commas, such as 0,1 ("${item}" is not a shard id)`,
      ]);
    }
  });

  it('reports a bad shard setting beside problems in other variables, all at once', () => {
    const problems = problemsOf({ DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: '2', LOG_LEVEL: 'loud' });
    expect(problems).toHaveLength(2);
    expect(problems.some((p) => p.startsWith('LOG_LEVEL'))).toBe(true);
    expect(problems.some((p) => p.startsWith('DISCORD_SHARD_IDS names shard 2'))).toBe(true);
  });
});
