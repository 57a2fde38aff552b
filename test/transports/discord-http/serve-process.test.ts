/**
 * `npm run serve` as a real child process (src/transports/discord-http/main.ts): start-up against
 * the local Discord, answers over HTTP, SIGTERM while a request is still arriving (it is answered,
 * then the process exits 0 within 5 seconds and takes no new connections), and start-up refusals.
 */
import { connect, type Socket } from 'node:net';
import { InteractionResponseType, InteractionType } from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../../support/fake-discord/index.js';
import { buildInteraction, commandData } from '../../support/fake-discord/interactions.js';
import { runScript, type ScriptRun } from '../../support/fake-discord/spawn-script.js';
import { TEST_TOKEN } from '../../support/fake-discord/test-bot.js';

const SERVE = 'src/transports/discord-http/main.ts';
/** Generous: start-up loads discord.js and the knowledge base, slow on a busy CI machine. */
const STARTUP_MS = 30_000;

let fake: FakeDiscord;
const runs: ScriptRun[] = [];

beforeAll(async () => {
  fake = await FakeDiscord.start();
});

afterEach(() => {
  for (const run of runs.splice(0)) run.cleanup();
});

afterAll(async () => {
  await fake?.stop();
});

async function serve(env: Record<string, string> = {}): Promise<{ run: ScriptRun; url: string }> {
  const run = runScript(SERVE, {
    DISCORD_TOKEN: TEST_TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    DISCORD_PUBLIC_KEY: fake.publicKey,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    ...env,
  });
  runs.push(run);
  await run.waitForStderr('"msg":"ready"', STARTUP_MS);
  const ready = run
    .stderr()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg: string; url?: string })
    .find((line) => line.msg === 'ready');
  expect(ready?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/interactions$/);
  fake.deliverInteractionsTo(ready!.url!);
  return { run, url: ready!.url! };
}

/** Reads from `socket` until `pattern` appears (bounded); resolves with everything read so far. */
function readUntil(socket: Socket, pattern: RegExp, timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(
      () => done(new Error(`no ${pattern} within ${timeoutMs} ms; got ${JSON.stringify(text)}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      text += String(chunk);
      if (pattern.test(text)) done();
    };
    const onClose = () =>
      done(
        pattern.test(text) ? undefined : new Error(`closed before ${pattern}; got ${JSON.stringify(text)}`),
      );
    const done = (error?: Error) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      if (error) reject(error);
      else resolve(text);
    };
    socket.on('data', onData);
    socket.on('close', onClose);
  });
}

describe('npm run serve', () => {
  it('answers PING and a slash command over HTTP, and logs no token', async () => {
    const { run } = await serve();
    const pong = await fake.postToEndpoint({
      body: JSON.stringify({
        id: '810000000000000001',
        application_id: '1',
        type: 1,
        token: 'x',
        version: 1,
      }),
    });
    expect(pong.status).toBe(200);
    expect(JSON.parse(pong.text)).toEqual({ type: 1 });
    const exchange = await fake.sendSlashCommand({ name: 'topics' });
    expect(exchange.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(exchange.callback.data.allowed_mentions).toEqual({ parse: [] });
    await run.waitForStderr(exchange.id, 5_000);
    expect(run.stderr()).not.toContain(TEST_TOKEN);
    expect(run.stderr()).not.toContain(exchange.token);
    run.child.kill('SIGTERM');
    expect(await run.exit(5_000)).toBe(0);
  }, 45_000);

  it('answers a request in flight when SIGTERM comes, takes no new connection, and exits 0 within 5 s', async () => {
    const { run, url } = await serve();
    const { port, hostname } = new URL(url);
    const body = JSON.stringify(
      buildInteraction(InteractionType.ApplicationCommand, commandData('1', 'topics', [], fake.guild.id), {
        applicationId: fake.applicationId,
        actor: {},
        guild: fake.guild,
        botPermissions: 0n,
      }).payload,
    );
    const signature = fake.signatureHeaders(body);
    const socket = connect(Number(port), hostname);
    socket.on('error', () => undefined);
    // Expect: 100-continue makes the server say when it has the request in hand.
    socket.write(
      [
        'POST /interactions HTTP/1.1',
        'Host: bot',
        'Content-Type: application/json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        `X-Signature-Ed25519: ${signature['x-signature-ed25519']}`,
        `X-Signature-Timestamp: ${signature['x-signature-timestamp']}`,
        'Expect: 100-continue',
        '',
        '',
      ].join('\r\n'),
    );
    await readUntil(socket, /100 Continue\r\n\r\n/);
    socket.write(body.slice(0, 10));

    run.child.kill('SIGTERM');
    await run.waitForStderr('"msg":"shutting down"', 5_000);
    // The listener is closed: a new client is refused.
    const refused = await fake.postToEndpoint({ method: 'GET', path: '/healthz', signature: 'none' }).then(
      (response) => response.status,
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect(refused).toBe('ECONNREFUSED');

    socket.write(body.slice(10));
    const response = await readUntil(socket, /\r\n\r\n\{.*\}$/s);
    expect(response).toMatch(/HTTP\/1\.1 200 OK/);
    expect(response.toLowerCase()).toContain('connection: close');
    const answer = JSON.parse(response.slice(response.lastIndexOf('\r\n\r\n') + 4));
    expect(answer.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(answer.data.embeds.length).toBeGreaterThan(0);
    expect(await run.exit(5_000)).toBe(0);
    expect(run.stderr()).toContain('"msg":"stopped"');
    socket.destroy();
  }, 45_000);
});

describe('npm run serve refuses to start', () => {
  it('without DISCORD_PUBLIC_KEY, saying where to find it, with no stack trace', async () => {
    const run = runScript(SERVE, { DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_URL: fake.apiUrl });
    runs.push(run);
    expect(await run.exit(STARTUP_MS)).toBe(1);
    expect(run.stderr()).toMatch(/DISCORD_PUBLIC_KEY is not set.*Public Key/);
    expect(run.stderr()).not.toMatch(/\n\s+at /);
  }, 45_000);

  it('with a malformed public key, naming the variable', async () => {
    const run = runScript(SERVE, {
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_PUBLIC_KEY: 'not-a-key',
    });
    runs.push(run);
    expect(await run.exit(STARTUP_MS)).toBe(1);
    expect(run.stderr()).toMatch(/DISCORD_PUBLIC_KEY must be 64 hexadecimal characters/);
  }, 45_000);

  it('when Discord refuses the token, without printing it', async () => {
    const guarded = await FakeDiscord.start({
      expectedToken: 'another-token-entirely.abcdefghijklmnopqrstuvwxyz0123456789',
    });
    try {
      const run = runScript(SERVE, {
        DISCORD_TOKEN: TEST_TOKEN,
        DISCORD_API_URL: guarded.apiUrl,
        DISCORD_PUBLIC_KEY: guarded.publicKey,
        PORT: '0',
        HOST: '127.0.0.1',
      });
      runs.push(run);
      expect(await run.exit(STARTUP_MS)).toBe(1);
      expect(run.stderr()).toMatch(/Discord refused DISCORD_TOKEN \(401\)/);
      expect(run.stderr()).not.toContain(TEST_TOKEN);
    } finally {
      await guarded.stop();
    }
  }, 45_000);
});
