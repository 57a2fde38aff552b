import { describe, expect, it } from 'vitest';
import { messagePayload } from '../../src/discord/payload.js';
import { checkedCustomId, customId, parseCustomId } from '../../src/replies/custom-id.js';
import { DISCORD_LIMITS } from '../../src/replies/limits.js';

describe('custom ids', () => {
  it('round-trips command, action and arguments', () => {
    expect(parseCustomId(customId('ask', 'section', 'privacy', 'eu-choice'))).toEqual({
      command: 'ask',
      action: 'section',
      args: ['privacy', 'eu-choice'],
    });
  });

  it('takes an id of exactly the limit', () => {
    const id = `ask:x:${'a'.repeat(DISCORD_LIMITS.customId - 6)}`;
    expect(checkedCustomId(id)).toBe(id);
  });

  it('refuses an id longer than Discord allows instead of cutting it (a cut id routes a click elsewhere)', () => {
    expect(() => customId('ask', 'section', 'a'.repeat(50), 'b'.repeat(50))).toThrow(RangeError);
    const reply = {
      buttons: [[{ label: 'Go', customId: `ask:full:${'x'.repeat(DISCORD_LIMITS.customId)}` }]],
    };
    expect(() => messagePayload(reply)).toThrow(/Discord allows 100/);
  });
});
