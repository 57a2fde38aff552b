/**
 * `npm run bench -- http-floor`: the most an HTTP interactions endpoint written in Node can do on
 * this machine, measured the way `npm run bench -- http` measures the bot: a bare `node:http`
 * server in a child process that reads the body, verifies Discord's Ed25519 signature over
 * timestamp + body (as Discord requires: https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers),
 * parses the JSON and answers a constant, driven from this process with 100 requests in flight
 * over keep-alive connections, each signed as the stand-in signs them.
 *
 * No bot code runs here: the figures are a ceiling, not the bot's. They say whether a throughput
 * target for the bot's endpoint can be met on these cores at all (the driver shares them, as the
 * stand-in does in the http bench). Prints requests per second and CPU milliseconds per request
 * on each side; exits 0 (there is no target to pass or fail).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { percentile } from './percentile.js';

const WARM_UP = 5_000;
const TOTAL = 30_000;
const IN_FLIGHT = 100;

/** The child: a bare endpoint that verifies and answers a constant, and reports its CPU time. */
function serve(): void {
  const key = createPublicKey({
    key: Buffer.from(process.env.BENCH_PUBLIC_KEY ?? '', 'base64'),
    format: 'der',
    type: 'spki',
  });
  const reply = JSON.stringify({ type: 4, data: { content: 'constant', allowed_mentions: { parse: [] } } });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const signature = Buffer.from(String(req.headers['x-signature-ed25519'] ?? ''), 'hex');
      const timestamp = Buffer.from(String(req.headers['x-signature-timestamp'] ?? ''));
      if (!verify(null, Buffer.concat([timestamp, body]), key, signature)) {
        res.writeHead(401).end();
        return;
      }
      JSON.parse(body.toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end(reply);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.({ port: typeof address === 'object' && address !== null ? address.port : 0 });
  });
  process.on('message', (message) => {
    if (message === 'cpu') process.send?.({ cpuMs: cpuMs(process.cpuUsage()) });
  });
  process.on('disconnect', () => process.exit(0));
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1_000;
}

/** How long the driver waits for one reply from the endpoint process before giving up. */
const CHILD_REPLY_TIMEOUT_MS = 10_000;

/**
 * The endpoint process's next IPC message. Rejects when it exits first or says nothing within
 * CHILD_REPLY_TIMEOUT_MS, so a crashed endpoint ends the bench instead of hanging it.
 */
function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => finish(undefined, message as T);
    const onExit = (code: number | null) => finish(new Error(`the endpoint exited (code ${code})`));
    const timer = setTimeout(
      () => finish(new Error(`the endpoint said nothing within ${CHILD_REPLY_TIMEOUT_MS} ms`)),
      CHILD_REPLY_TIMEOUT_MS,
    );
    function finish(error: Error | undefined, message?: T): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(message as T);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** The endpoint's CPU time so far, in milliseconds. */
async function endpointCpuMs(child: ChildProcess): Promise<number> {
  const reply = nextMessage<{ cpuMs: number }>(child);
  child.send('cpu');
  return (await reply).cpuMs;
}

/** One signed request, resolved with its round-trip time in milliseconds. */
function post(port: number, agent: http.Agent, privateKey: KeyObject, body: string): Promise<number> {
  const timestamp = String(Math.floor(Date.now() / 1_000));
  const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/interactions',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-signature-ed25519': signature,
          'x-signature-timestamp': timestamp,
        },
      },
      (res) => {
        if (res.statusCode !== 200) reject(new Error(`the endpoint answered ${res.statusCode}`));
        res.resume();
        res.on('end', () => resolve(performance.now() - started));
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', reject);
    req.end(body);
  });
}

async function drive(): Promise<void> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: {
      ...process.env,
      BENCH_ROLE: 'endpoint',
      BENCH_PUBLIC_KEY: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    },
    execArgv: ['--import', 'tsx'],
  });
  try {
    const { port } = await nextMessage<{ port: number }>(child);
    const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
    // An application command interaction of the size the stand-in sends (a 150-character token).
    const body = JSON.stringify({
      type: 2,
      id: '1',
      application_id: '1',
      token: 'x'.repeat(150),
      data: { id: '1', name: 'connected', type: 1, options: [] },
      guild_id: '1',
      channel_id: '1',
      member: { user: { id: '1', username: 'member' }, permissions: '0' },
      locale: 'en-US',
    });
    const run = async (total: number): Promise<number[]> => {
      const times: number[] = [];
      let next = 0;
      const lane = async () => {
        while (next++ < total) times.push(await post(port, agent, privateKey, body));
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
      return times;
    };
    await run(WARM_UP);
    const before = await endpointCpuMs(child);
    const mine = process.cpuUsage();
    const started = performance.now();
    const times = await run(TOTAL);
    const seconds = (performance.now() - started) / 1_000;
    const after = await endpointCpuMs(child);
    const driverMs = cpuMs(process.cpuUsage(mine)) / TOTAL;
    agent.destroy();
    times.sort((a, b) => a - b);
    const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 1);
    const lines = [
      `Bare node:http endpoint with Ed25519 verification, ${TOTAL} requests, ${IN_FLIGHT} in flight.`,
      '| requests per second | p50 / p99 ms | endpoint CPU per request (ms) | driver CPU per request (ms) |',
      '| --- | --- | --- | --- |',
      `| ${Math.round(TOTAL / seconds)} | ${fmt(percentile(times, 50))} / ${fmt(percentile(times, 99))} | ${((after - before) / TOTAL).toFixed(3)} | ${driverMs.toFixed(3)} |`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    child.kill();
  }
}

if (process.env.BENCH_ROLE === 'endpoint') serve();
else await drive();
