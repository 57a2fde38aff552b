/**
 * A small seeded pseudo-random generator (mulberry32): the same seed always gives the same
 * sequence. Used where runs must be repeatable (tip rotation order, benchmark data), never
 * for anything secret.
 */
import { createHash } from 'node:crypto';

/** Numbers in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A generator seeded from text (for example a guild and a cycle number). */
export function seededRandom(seedText: string): () => number {
  return mulberry32(createHash('sha256').update(seedText).digest().readUInt32BE(0));
}
