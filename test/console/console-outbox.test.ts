import { describe, expect, it } from 'vitest';
import { ConsoleOutbox } from '../../src/console/console-outbox.js';
import type { Reply } from '../../src/replies/reply.js';

describe('ConsoleOutbox', () => {
  it('shows channel posts and direct messages under a heading saying where they went', async () => {
    const shown: [string, Reply][] = [];
    const outbox = new ConsoleOutbox((heading, reply) => shown.push([heading, reply]));
    const first = await outbox.postToChannel('200000000000000001', { content: 'Tip one' });
    const second = await outbox.postToChannel(
      '200000000000000001',
      { content: 'Tip two' },
      { nonce: 'slot-1' },
    );
    expect(await outbox.sendDirectMessage('300000000000000001', { content: 'Approved' })).toBe(true);
    expect(shown).toEqual([
      ['[posted to #200000000000000001]', { content: 'Tip one' }],
      ['[posted to #200000000000000001]', { content: 'Tip two' }],
      ['[direct message to user 300000000000000001]', { content: 'Approved' }],
    ]);
    expect(first.messageId).toMatch(/^\d{17,20}$/);
    expect(second.messageId).not.toBe(first.messageId);
  });

  it('lets the bot post in any channel, as there is no Discord to refuse', async () => {
    const outbox = new ConsoleOutbox(() => {});
    expect(await outbox.checkCanPost()).toBeNull();
  });
});
