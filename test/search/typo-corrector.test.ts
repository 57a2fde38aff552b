import { describe, expect, it } from 'vitest';
import { editDistance, TypoCorrector } from '../../src/search/typo-corrector.js';

describe('editDistance', () => {
  it('gives the same answer one call after another (its table rows are reused)', () => {
    expect(editDistance('instagarm', 'instagram', 2)).toBe(1);
    expect(editDistance('ab', 'ba', 1)).toBe(1);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(editDistance('instagarm', 'instagram', 2)).toBe(1);
  });

  it('measures words longer than any the corrector keeps', () => {
    const long = 'x'.repeat(40);
    expect(editDistance(`${long}a`, `${long}b`, 1)).toBe(1);
    expect(editDistance(long, `${long}yy`, 2)).toBe(2);
    expect(editDistance('short', 'instagram', 9)).toBe(7);
  });

  it('stops at max + 1 as soon as no alignment can stay within max', () => {
    expect(editDistance('facebook', 'messenger', 2)).toBe(3);
    expect(editDistance('a', 'abcd', 2)).toBe(3);
  });
});

describe('TypoCorrector', () => {
  it('offers every known word within the allowed edits, closest first, then alphabetically', () => {
    const corrector = new TypoCorrector();
    corrector.addWords(['hacked', 'hacker', 'hackers', 'hackathon', 'packer']);
    expect(corrector.candidates('hackerr')).toEqual(['hacker', 'hackers']);
    expect(corrector.candidates('hacekr')).toEqual(['hacker']);
  });

  it('finds a slip in the first letter of a longer word through its second letter', () => {
    const corrector = new TypoCorrector();
    corrector.addWords(['messenger']);
    expect(corrector.candidates('emssenger')).toEqual(['messenger']);
    expect(corrector.candidates('xmessenger')).toEqual(['messenger']);
  });

  it('makes at most maxEdits edits: one for languages whose everyday words the index does not know', () => {
    const two = new TypoCorrector();
    const one = new TypoCorrector(1);
    two.addWords(['penempatan']);
    one.addWords(['penempatan']);
    // "pendapatan" (income) is a real Indonesian word two edits from a knowledge-base word.
    expect(two.candidates('pendapatan')).toEqual(['penempatan']);
    expect(one.candidates('pendapatan')).toEqual([]);
  });
});
