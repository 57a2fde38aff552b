/**
 * Checks that a request to the interactions endpoint comes from Discord: an Ed25519 signature
 * (`X-Signature-Ed25519`, hex) over the `X-Signature-Timestamp` header followed by the raw body,
 * made with the application's key (Discord's "Security and Authorization" rules: a request that
 * fails must get 401, and Discord sends deliberately forged ones to check that it does).
 *
 * node:crypto rather than a library such as discord-interactions or tweetnacl: Node has verified
 * Ed25519 through OpenSSL since version 12, with a key parsed once, so the check needs no
 * dependency. It runs on libuv's thread pool (crypto.verify with a callback): at about 90 µs it is
 * the largest cost of a request, and off the event loop it neither delays other requests nor limits
 * a process to one core's worth of checks. Discord shows the raw 32-byte key as hex, which OpenSSL
 * does not read directly; it is wrapped as the DER SubjectPublicKeyInfo that RFC 8410 defines for
 * Ed25519 (a fixed 12-byte prefix, then the key).
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';

/** RFC 8410 SubjectPublicKeyInfo header for an Ed25519 key: SEQUENCE, AlgorithmIdentifier 1.3.101.112, BIT STRING. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PUBLIC_KEY_HEX = /^[0-9a-fA-F]{64}$/;
/** 64 bytes of signature. */
const SIGNATURE_HEX = /^[0-9a-fA-F]{128}$/;
/** Unix time in whole seconds. */
const TIMESTAMP = /^\d{1,12}$/;

/**
 * A correctly signed request whose timestamp is further than this from our clock, either way, is
 * refused as a replay. Five minutes, as Slack and Stripe allow for their signed webhooks: wide
 * enough that an ordinary clock error cannot make every request fail (Discord removes an endpoint
 * that refuses its requests), narrow enough that a captured request soon stops working. Inside the
 * window, InteractionReplayGuard refuses an interaction id seen before.
 */
export const MAX_SIGNATURE_AGE_SECONDS = 300;

export type SignatureCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/** The application's public key from its 64-character hex form. Throws on any other input. */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!PUBLIC_KEY_HEX.test(hex)) throw new Error('an Ed25519 public key is 64 hexadecimal characters');
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

export type SignatureVerifier = (
  signature: string | undefined,
  timestamp: string | undefined,
  body: Buffer,
) => Promise<SignatureCheck>;

/**
 * A verifier for one application's key. `now` (milliseconds since the epoch, default Date.now)
 * is the clock the timestamp is compared with. Resolves (never rejects) with why a request failed,
 * for the log only: the client gets the same bare 401 whatever the reason.
 */
export function createSignatureVerifier(
  publicKeyHex: string,
  options: { readonly now?: () => number } = {},
): SignatureVerifier {
  const key = publicKeyFromHex(publicKeyHex);
  const now = options.now ?? Date.now;
  return async (signature, timestamp, body) => {
    if (!signature || !timestamp) return { ok: false, reason: 'missing' };
    if (!SIGNATURE_HEX.test(signature) || !TIMESTAMP.test(timestamp))
      return { ok: false, reason: 'malformed' };
    const signed = Buffer.allocUnsafe(timestamp.length + body.length);
    signed.write(timestamp, 0, 'latin1');
    body.copy(signed, timestamp.length);
    const valid = await new Promise<boolean>((resolve) =>
      verify(null, signed, key, Buffer.from(signature, 'hex'), (error, result) => resolve(!error && result)),
    );
    if (!valid) return { ok: false, reason: 'mismatch' };
    // After the signature, so a forged timestamp is reported as forged, not as stale.
    if (Math.abs(now() / 1000 - Number(timestamp)) > MAX_SIGNATURE_AGE_SECONDS) {
      return { ok: false, reason: 'stale' };
    }
    return { ok: true };
  };
}
