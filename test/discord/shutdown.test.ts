/**
 * Graceful shutdown of the running bot: it stops taking interactions, lets the ones in flight
 * finish, then closes. (The process-level SIGTERM path is in process.test.ts.)
 */
import { InteractionResponseType } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/fake-discord/test-bot.js';
import { slowGate, withTestCommands } from './test-commands.js';

let t: TestBot;

beforeAll(async () => {
  t = await startTestBot({ commands: withTestCommands, deferAfterMs: 100 });
});

afterAll(async () => {
  slowGate.open();
  await t?.close();
});

describe('stopping the bot', () => {
  it('ignores new interactions but finishes the one in flight before closing', async () => {
    slowGate.reset();
    const inFlight = await t.fake.sendSlashCommand({ name: 'e2e-slow' });
    expect(inFlight.callback.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);

    const stopped = t.bot.stop({ drainMs: 10_000 });
    const late = t.fake.dispatchSlashCommand({ name: 'topics' });
    await t.waitForLog((l) => l.msg === 'interaction ignored: shutting down' && l.interactionId === late.id);

    slowGate.open();
    expect((await inFlight.final()).data.content).toBe('slow but public');
    await stopped;
    expect(t.fake.requests.some((r) => r.path.startsWith(`/interactions/${late.id}/`))).toBe(false);
    expect(t.bot.client.isReady()).toBe(false);
  });
});
