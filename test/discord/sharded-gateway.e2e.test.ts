/**
 * The real bot (startBot, discord.js) connecting several gateway shards to the stand-in: every
 * shard Discord recommends when no count is configured, or just the configured ids of a given
 * count. Each guild arrives on the shard the sharding formula names, and its interactions too.
 */
import { once } from 'node:events';
import { GatewayDispatchEvents, GatewayOpcodes, InteractionResponseType } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FakeDiscord, guildIdOnShard, shardOf } from '../support/fake-discord/index.js';
import { startTestBot, TEST_TOKEN, type TestBot } from '../support/fake-discord/test-bot.js';

/** The shard each INTERACTION_CREATE reached the client on, by interaction id. */
function recordInteractionShards(t: TestBot): Map<string, number> {
  const shards = new Map<string, number>();
  t.bot.client.ws.on(GatewayDispatchEvents.InteractionCreate, (data: { id: string }, shardId: number) => {
    shards.set(data.id, shardId);
  });
  return shards;
}

describe('with DISCORD_SHARD_COUNT unset: every shard of the count /gateway/bot recommends', () => {
  let t: TestBot;
  const guildIds = [guildIdOnShard(0, 3), guildIdOnShard(1, 3), guildIdOnShard(2, 3), guildIdOnShard(2, 3)];

  beforeAll(async () => {
    t = await startTestBot({
      // max_concurrency 3 lets the three shards identify together instead of 5 s apart.
      fake: { recommendedShards: 3, maxConcurrency: 3, guilds: guildIds.map((id) => ({ id })) },
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('identifies each shard [id, 3] once, and gets one READY per shard', () => {
    expect(t.fake.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    expect(t.fake.shards).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    expect([...t.bot.client.ws.shards.keys()].sort()).toEqual([0, 1, 2]);
    expect(t.bot.shards).toEqual({ ids: [0, 1, 2], count: 3 });
  });

  it('receives each guild on the shard the formula names, and no guild twice', () => {
    expect([...t.bot.client.guilds.cache.keys()].sort()).toEqual([...guildIds].sort());
    for (const id of guildIds) expect(t.bot.client.guilds.cache.get(id)?.shardId).toBe(shardOf(id, 3));
  });

  it('answers an interaction in a guild of each shard, each arriving on that guild’s shard', async () => {
    const arrivedOn = recordInteractionShards(t);
    for (const guild of guildIds) {
      const exchange = await t.fake.sendSlashCommand({ name: 'topics', guild });
      expect(exchange.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(arrivedOn.get(exchange.id)).toBe(shardOf(guild, 3));
    }
  });

  it('logs the shard ids and count it runs, and never the token', async () => {
    const ready = await t.waitForLog((l) => l.msg === 'ready');
    expect(ready).toMatchObject({ shardIds: [0, 1, 2], shardCount: 3 });
    expect(t.logs.find((l) => l.msg === 'starting')).toMatchObject({ shardIds: 'auto', shardCount: 'auto' });
    const shardReady = t.logs.filter((l) => l.msg === 'gateway shard ready').map((l) => l.shardId);
    expect(shardReady.sort()).toEqual([0, 1, 2]);
    expect(t.logText()).not.toContain(t.bot.config.DISCORD_TOKEN);
  });
});

describe('with DISCORD_SHARD_COUNT=4 and DISCORD_SHARD_IDS=1,3: only those shards', () => {
  let t: TestBot;
  const ours = [guildIdOnShard(1, 4), guildIdOnShard(3, 4)];
  const others = [guildIdOnShard(0, 4), guildIdOnShard(2, 4)];

  beforeAll(async () => {
    t = await startTestBot({
      env: { DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '1,3' },
      fake: { maxConcurrency: 4, guilds: [...ours, ...others].map((id) => ({ id })) },
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('identifies shards 1 and 3 of 4 and no others, whatever /gateway/bot recommends', () => {
    expect(t.fake.identifies.map((i) => i.shard).sort()).toEqual([
      [1, 4],
      [3, 4],
    ]);
    expect(t.bot.shards).toEqual({ ids: [1, 3], count: 4 });
  });

  it('holds only the guilds of its shards', () => {
    expect([...t.bot.client.guilds.cache.keys()].sort()).toEqual([...ours].sort());
  });

  it('answers interactions of its guilds; the others’ go to shards no process here runs', async () => {
    for (const guild of ours) {
      const exchange = await t.fake.sendSlashCommand({ name: 'topics', guild });
      expect(exchange.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    }
    expect(() => t.fake.dispatchSlashCommand({ name: 'topics', guild: others[0] })).toThrow(
      /no identified shard owns guild/,
    );
  });

  it('names its shards in the start-up and ready logs', async () => {
    expect(t.logs.find((l) => l.msg === 'starting')).toMatchObject({ shardIds: [1, 3], shardCount: 4 });
    expect(await t.waitForLog((l) => l.msg === 'ready')).toMatchObject({ shardIds: [1, 3], shardCount: 4 });
  });
});

describe('the stand-in, like Discord, refuses a shard outside its count', () => {
  it.each([[[2, 2]], [[-1, 2]], [[0, 0]], [[0]]])(
    'closes an IDENTIFY with shard %j with 4010 (Invalid shard)',
    async (shard) => {
      const fake = await FakeDiscord.start();
      const socket = new WebSocket(`${fake.gatewayUrl}/?v=10&encoding=json`);
      try {
        const closed = once(socket, 'close', { signal: AbortSignal.timeout(5_000) });
        await once(socket, 'open', { signal: AbortSignal.timeout(5_000) });
        socket.send(
          JSON.stringify({
            op: GatewayOpcodes.Identify,
            d: { token: TEST_TOKEN, intents: 1, properties: {}, shard },
          }),
        );
        const [code] = (await closed) as [number];
        expect(code).toBe(4010);
        expect(fake.shards).toEqual([]);
      } finally {
        socket.terminate();
        await fake.stop();
      }
    },
  );
});
