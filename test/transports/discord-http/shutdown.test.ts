/**
 * Stopping `npm run serve` in the middle of a slow answer: the deferral has gone out in the HTTP
 * response, and stop() waits for the handler and its follow-up over REST before closing storage.
 */
import { InteractionResponseType } from 'discord-api-types/v10';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { slowGate, withTestCommands } from '../../discord/test-commands.js';
import { startTestServer, type TestServer } from '../../support/fake-discord/test-server.js';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ commands: withTestCommands, deferAfterMs: 100 });
});

afterAll(async () => {
  slowGate.open();
  await t?.close();
});

it('finishes a deferred answer and its follow-up before it stops', async () => {
  slowGate.reset();
  const exchange = await t.fake.sendSlashCommand({ name: 'e2e-slow' });
  expect(exchange.callback.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
  let stopped = false;
  const stopping = t.server.stop({ drainMs: 3_000 }).then(() => {
    stopped = true;
  });
  await t.waitForLog((l) => l.msg === 'shutting down');
  expect(stopped).toBe(false);
  slowGate.open();
  await stopping;
  const edit = exchange
    .requests()
    .find((r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original') && r.status === 200);
  expect(edit?.body.content).toBe('slow but public');
  expect(t.logs.some((l) => l.msg === 'abandoning requests still in flight')).toBe(false);
});
