/**
 * What a slow or silent client gets from `npm run serve`: cut off at the headers deadline or at the
 * whole-request deadline (node:http answers 408 and closes), however it trickles its bytes, while
 * other clients are served. The deadlines are shortened here; the defaults are in http-server.ts.
 */
import { connect, type Socket } from 'node:net';
import { InteractionResponseType } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/fake-discord/test-server.js';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ limits: { headersTimeoutMs: 300, requestTimeoutMs: 600 } });
});

afterAll(async () => {
  await t?.close();
});

/** A raw connection to the endpoint, and a promise of everything it received until the server closed it. */
function rawClient(): { socket: Socket; closed: Promise<string> } {
  const url = new URL(t.server.url);
  const socket = connect(Number(url.port), url.hostname);
  let received = '';
  socket.on('data', (chunk) => {
    received += String(chunk);
  });
  // Bounded: a server that never cuts the client fails the test instead of hanging it.
  const closed = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept a slow client for 5 s; received: ${JSON.stringify(received)}`));
    }, 5_000);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
    socket.on('error', () => undefined);
  });
  return { socket, closed };
}

describe('a slow client', () => {
  it('that never finishes its headers is cut off', async () => {
    const { socket, closed } = rawClient();
    socket.write('POST /interactions HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n');
    expect(await closed).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('that connects and says nothing is cut off', async () => {
    const { closed } = rawClient();
    expect(await closed).toMatch(/^(HTTP\/1\.1 408 |$)/);
  });

  it('that trickles its body a byte at a time is cut off at the request deadline', async () => {
    const { socket, closed } = rawClient();
    socket.write('POST /interactions HTTP/1.1\r\nHost: bot\r\nContent-Length: 1000\r\n\r\n{');
    const trickle = setInterval(() => socket.write(' '), 50);
    try {
      expect(await closed).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      clearInterval(trickle);
    }
  });

  it('does not keep others from being served meanwhile', async () => {
    const { socket, closed } = rawClient();
    socket.write('POST /interactions HTTP/1.1\r\nHost: bot\r\n');
    const exchange = await t.fake.sendSlashCommand({ name: 'topics' });
    expect(exchange.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    await closed;
  });
});
