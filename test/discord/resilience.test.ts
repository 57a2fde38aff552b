/**
 * Faults between the bot and Discord: rate limits and server errors on the interaction callback,
 * and a gateway connection closed under the bot. The user still gets an answer.
 */
import { InteractionResponseType } from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/fake-discord/test-bot.js';

let t: TestBot;

beforeAll(async () => {
  // Short enough that heartbeats happen within the test, long enough that an event-loop stall on a
  // busy CI machine (bot and stand-in share this process) is not taken for a zombie connection.
  t = await startTestBot({ fake: { heartbeatIntervalMs: 1_000 } });
});

afterAll(async () => {
  await t?.close();
});

afterEach(() => {
  expect(t.fake.rejected).toEqual([]);
});

const CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;

describe('REST faults on the interaction callback', () => {
  it('waits out a 429 with Retry-After and delivers the answer', async () => {
    const since = t.fake.requests.length;
    t.fake.failNext({ method: 'POST', path: CALLBACK, status: 429, retryAfterSeconds: 0.3 });
    const { callback } = await t.fake.sendSlashCommand({ name: 'topics' });
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const attempts = t.fake.requests.slice(since).filter((r) => CALLBACK.test(r.path));
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    expect(attempts[1]?.body).toEqual(attempts[0]?.body);
  });

  it('retries a 500 and delivers the answer', async () => {
    const since = t.fake.requests.length;
    t.fake.failNext({ method: 'POST', path: CALLBACK, status: 500 });
    const { callback } = await t.fake.sendSlashCommand({ name: 'topics' });
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const attempts = t.fake.requests.slice(since).filter((r) => CALLBACK.test(r.path));
    expect(attempts.map((r) => r.status)).toEqual([500, 204]);
  });

  it('logs a callback that keeps failing with the interaction id, without its token, and goes on serving', async () => {
    t.fake.failNext({ method: 'POST', path: CALLBACK, status: 403 });
    const { id, token } = t.fake.dispatchSlashCommand({ name: 'topics' });
    await t.fake.waitForRequest((r) => r.status === 403 && r.path.startsWith(`/interactions/${id}/`));
    const next = await t.fake.sendSlashCommand({ name: 'topics' });
    expect(next.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const logged = t.logs.find((l) => l.msg === 'failed to answer an interaction' && l.interactionId === id);
    expect(logged).toMatchObject({ err: { status: 403, code: 50001 } });
    expect(JSON.stringify(logged)).not.toContain(token);
  });
});

describe('the gateway connection', () => {
  it('keeps the connection alive with heartbeats that Discord acknowledges', async () => {
    const identifies = t.fake.identifies.length;
    const resumes = t.fake.resumes.length;
    await t.fake.waitForHeartbeats(t.fake.heartbeats + 2);
    // Had an ACK gone missing, discord.js would have dropped the connection and resumed.
    expect(t.fake.identifies).toHaveLength(identifies);
    expect(t.fake.resumes).toHaveLength(resumes);
  });

  it('resumes after Discord closes it with 4000 and answers again', async () => {
    const identifies = t.fake.identifies.length;
    // Only a resume after this close counts, not one from an earlier stall.
    const resumesBefore = t.fake.resumes.length;
    await t.fake.closeGateway(4000);
    const resumed = await t.fake.waitForResume(resumesBefore, 10_000);
    expect(t.fake.identifies).toHaveLength(identifies);
    expect(resumed.seq).toBeGreaterThan(0);
    const { callback } = await t.fake.sendSlashCommand({ name: 'connected' });
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  });

  it('receives an interaction dispatched while it was disconnected, replayed on resume', async () => {
    const resumesBefore = t.fake.resumes.length;
    await t.fake.closeGateway(4000);
    const { id } = t.fake.dispatchSlashCommand({ name: 'topics' });
    await t.fake.waitForResume(resumesBefore, 10_000);
    const callback = await t.fake.waitForCallback(id);
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  });
});
