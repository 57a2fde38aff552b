import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createSignatureVerifier,
  MAX_SIGNATURE_AGE_SECONDS,
  publicKeyFromHex,
} from '../../../src/transports/discord-http/signature.js';

function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const hex = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('hex');
  return { hex, privateKey };
}

const NOW_S = 1_750_000_000;
const signed = (privateKey: KeyObject, timestamp: string, body: string) =>
  sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');

describe('publicKeyFromHex', () => {
  it('accepts the 32-byte raw key Discord shows as 64 hexadecimal characters', async () => {
    const { hex } = keyPair();
    expect(publicKeyFromHex(hex).asymmetricKeyType).toBe('ed25519');
  });

  it('refuses anything else with a message, rather than a key that never verifies', async () => {
    expect(() => publicKeyFromHex('abcd')).toThrow(/64 hexadecimal/);
  });
});

describe('createSignatureVerifier', () => {
  const { hex, privateKey } = keyPair();
  const verify = createSignatureVerifier(hex, { now: () => NOW_S * 1000 });
  const body = '{"type":1}';
  const timestamp = String(NOW_S);

  it('accepts a request Discord signed over timestamp + body', async () => {
    expect(await verify(signed(privateKey, timestamp, body), timestamp, Buffer.from(body))).toEqual({
      ok: true,
    });
  });

  it('accepts the signature header in upper case hex', async () => {
    const signature = signed(privateKey, timestamp, body).toUpperCase();
    expect((await verify(signature, timestamp, Buffer.from(body))).ok).toBe(true);
  });

  it('refuses a body changed after signing', async () => {
    const signature = signed(privateKey, timestamp, body);
    expect(await verify(signature, timestamp, Buffer.from('{"type":2}'))).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('refuses a signature made with another key', async () => {
    const other = keyPair();
    const signature = signed(other.privateKey, timestamp, body);
    expect(await verify(signature, timestamp, Buffer.from(body))).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses a timestamp swapped for another than the one signed', async () => {
    const signature = signed(privateKey, timestamp, body);
    expect(await verify(signature, String(NOW_S - 1), Buffer.from(body))).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('refuses missing headers', async () => {
    const signature = signed(privateKey, timestamp, body);
    expect(await verify(undefined, timestamp, Buffer.from(body))).toEqual({ ok: false, reason: 'missing' });
    expect(await verify(signature, undefined, Buffer.from(body))).toEqual({ ok: false, reason: 'missing' });
  });

  it('refuses malformed headers without trying to verify them', async () => {
    const signature = signed(privateKey, timestamp, body);
    for (const [sig, ts] of [
      [signature.slice(2), timestamp],
      [`${signature.slice(2)}zz`, timestamp],
      [signature, 'yesterday'],
      [signature, `${timestamp}.5`],
    ] as const) {
      expect(await verify(sig, ts, Buffer.from(body))).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it(`refuses a correctly signed request older or newer than ${MAX_SIGNATURE_AGE_SECONDS} s (a replay)`, async () => {
    for (const offset of [-(MAX_SIGNATURE_AGE_SECONDS + 1), MAX_SIGNATURE_AGE_SECONDS + 1]) {
      const ts = String(NOW_S + offset);
      expect(await verify(signed(privateKey, ts, body), ts, Buffer.from(body))).toEqual({
        ok: false,
        reason: 'stale',
      });
    }
    const edge = String(NOW_S - MAX_SIGNATURE_AGE_SECONDS);
    expect((await verify(signed(privateKey, edge, body), edge, Buffer.from(body))).ok).toBe(true);
  });

  it('verifies the bytes as received: a body with multi-byte characters', async () => {
    const text = '{"type":2,"data":{"name":"ask","q":"Är 🙂 Instagram?"}}';
    const signature = signed(privateKey, timestamp, text);
    expect((await verify(signature, timestamp, Buffer.from(text, 'utf8'))).ok).toBe(true);
  });
});
