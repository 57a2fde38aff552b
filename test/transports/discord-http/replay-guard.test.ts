import { describe, expect, it } from 'vitest';
import { InteractionReplayGuard } from '../../../src/transports/discord-http/replay-guard.js';
import { MAX_SIGNATURE_AGE_SECONDS } from '../../../src/transports/discord-http/signature.js';

const T = 1_750_000_000;

describe('InteractionReplayGuard', () => {
  it('takes an interaction id once and refuses it the second time', () => {
    const guard = new InteractionReplayGuard();
    expect(guard.firstTime('1', T, T * 1000)).toBe(true);
    expect(guard.firstTime('2', T, T * 1000)).toBe(true);
    expect(guard.firstTime('1', T, T * 1000 + 1_000)).toBe(false);
  });

  it('forgets an id once its signature would be refused as stale anyway', () => {
    const guard = new InteractionReplayGuard();
    guard.firstTime('1', T, T * 1000);
    const later = (T + MAX_SIGNATURE_AGE_SECONDS) * 1000 + 1;
    guard.firstTime('2', T + MAX_SIGNATURE_AGE_SECONDS, later);
    expect(guard.size).toBe(1);
  });

  it('keeps at most `capacity` ids, forgetting the oldest first', () => {
    const guard = new InteractionReplayGuard(3);
    for (const id of ['1', '2', '3', '4']) guard.firstTime(id, T, T * 1000);
    expect(guard.size).toBe(3);
    expect(guard.firstTime('4', T, T * 1000)).toBe(false);
    expect(guard.firstTime('1', T, T * 1000)).toBe(true);
  });
});
