/**
 * The Discord bench's baseline: the least a bot can do per interaction, with no discord.js, no
 * dispatcher and no handler. It connects to the gateway named by GET /gateway/bot, identifies,
 * and answers every INTERACTION_CREATE with a constant reply (Node's fetch, keep-alive). Run as a child
 * process by bench/discord.ts with DISCORD_API_URL and DISCORD_TOKEN; prints "ready" on stderr.
 */
import WebSocket from 'ws';

const api = `${process.env.DISCORD_API_URL}/v10`;
const token = process.env.DISCORD_TOKEN ?? '';
const reply = JSON.stringify({ type: 4, data: { content: 'baseline', allowed_mentions: { parse: [] } } });

const gateway = (await (
  await fetch(`${api}/gateway/bot`, { headers: { authorization: `Bot ${token}` } })
).json()) as {
  url: string;
};
const socket = new WebSocket(`${gateway.url}/?v=10&encoding=json`);

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
    const { id, token: interactionToken } = packet.d;
    fetch(`${api}/interactions/${id}/${interactionToken}/callback`, {
      method: 'POST',
      body: reply,
      headers: { 'content-type': 'application/json' },
    }).then(
      (response) => response.arrayBuffer(),
      (error: unknown) => process.stderr.write(`callback failed: ${String(error)}\n`),
    );
  }
});

process.on('SIGTERM', () => {
  socket.close(1000);
  process.exit(0);
});
