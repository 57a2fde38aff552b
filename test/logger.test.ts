import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactTokens } from '../src/logger.js';
import { leakedPieces, TOKEN_SHAPES } from './support/token-shapes.js';

const TOKEN = `MTA${'x'.repeat(21)}.GaBcDe.${'y'.repeat(38)}`;

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger('trace', sink) };
}

describe('logger', () => {
  it('redacts a token inside a message or an error', () => {
    const { lines, logger } = capture();
    logger.error({ err: new Error(`login failed for ${TOKEN}`) }, `using ${TOKEN}`);
    expect(lines.join('')).not.toContain(TOKEN);
    expect(lines.join('')).toContain('[redacted token]');
  });

  it.each(TOKEN_SHAPES)(
    'redacts a $name wherever a line carries it: message, error, stack, nested field, URL',
    ({ token }) => {
      const { lines, logger } = capture();
      logger.error(
        {
          err: Object.assign(new Error(`login failed for Bot ${token}`), { response: `echo:${token}` }),
          request: { url: `https://discord.com/api/v10/gateway/${token}/x`, note: `"${token}"` },
        },
        `using ${token}`,
      );
      logger.info(token);
      const output = lines.join('');
      expect(lines).toHaveLength(2);
      expect(leakedPieces(output, token)).toEqual([]);
      expect(output.split('[redacted token]').length - 1).toBe(7);
      // The whole token, not a part of it: nothing of it is left beside the mark.
      expect(JSON.parse(lines[1] ?? '').msg).toBe('[redacted token]');
    },
  );

  it('uses token shapes with the part lengths they claim, each part with - and _', () => {
    for (const { token, lengths } of TOKEN_SHAPES) {
      const parts = token.split('.');
      expect(parts.map((part) => part.length)).toEqual(lengths);
      for (const part of parts) expect(part).toMatch(/^(?=.*-)(?=.*_)[\w-]+$/);
    }
  });

  it('redacts token fields by name', () => {
    const { lines, logger } = capture();
    logger.info({ token: 'short-secret', headers: { authorization: 'Bot short-secret' } }, 'request');
    logger.error({ err: Object.assign(new Error('refused'), { token: 'short-secret' }) }, 'failed');
    logger.info({ config: { DISCORD_TOKEN: 'short-secret', LOG_LEVEL: 'info' } }, 'config');
    expect(lines).toHaveLength(3);
    expect(lines.join('')).not.toContain('short-secret');
    expect(lines.join('')).toContain('[redacted]');
  });

  it('finds a token anywhere in a line, and only token-shaped text', () => {
    expect(redactTokens(`{"msg":"x","url":"https://h/${TOKEN}/y"}`)).toBe(
      '{"msg":"x","url":"https://h/[redacted token]/y"}',
    );
    expect(redactTokens('version 1.2.3, 127.0.0.1, a.bcdefg.h')).toBe('version 1.2.3, 127.0.0.1, a.bcdefg.h');
  });

  it('leaves ordinary text alone', () => {
    expect(redactTokens('asked /connected in 100000000000000001')).toBe(
      'asked /connected in 100000000000000001',
    );
  });
});
