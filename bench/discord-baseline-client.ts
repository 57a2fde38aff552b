/**
 * The Discord bench's baseline: the least a bot can do per interaction, with no discord.js, no
 * dispatcher and no handler. It connects to the gateway named by GET /gateway/bot, identifies,
 * and answers every INTERACTION_CREATE with a small constant reply over node:http with keep-alive
 * (lighter than fetch or discord.js's REST client). Run as a child process by bench/discord.ts
 * with DISCORD_API_URL and DISCORD_TOKEN; prints "ready" on stderr.
 */
import { Agent, request } from 'node:http';
import WebSocket from 'ws';

const api = `${process.env.DISCORD_API_URL}/v10`;
const token = process.env.DISCORD_TOKEN ?? '';
const reply = Buffer.from(
  JSON.stringify({ type: 4, data: { content: 'baseline', allowed_mentions: { parse: [] } } }),
);
const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

const gateway = (await (
  await fetch(`${api}/gateway/bot`, { headers: { authorization: `Bot ${token}` } })
).json()) as {
  url: string;
};
const socket = new WebSocket(`${gateway.url}/?v=10&encoding=json`);

function answer(id: string, interactionToken: string): void {
  const call = request(`${api}/interactions/${id}/${interactionToken}/callback`, {
    method: 'POST',
    agent,
    headers: { 'content-type': 'application/json', 'content-length': reply.length },
  });
  call.on('response', (response) => response.resume());
  call.on('error', (error) => process.stderr.write(`callback failed: ${String(error)}\n`));
  call.end(reply);
}

socket.on('message', (raw) => {
  const packet = JSON.parse(String(raw)) as { op: number; t?: string; d: { id: string; token: string } };
  if (packet.op === 10) {
    socket.send(
      JSON.stringify({
        op: 2,
        d: { token, intents: 1, properties: { os: 'linux', browser: 'b', device: 'b' } },
      }),
    );
  } else if (packet.t === 'READY') {
    process.stderr.write('"msg":"ready"\n');
  } else if (packet.t === 'INTERACTION_CREATE') {
    answer(packet.d.id, packet.d.token);
  }
});

process.on('SIGTERM', () => {
  socket.close(1000);
  process.exit(0);
});
