import { describe, expect, it } from 'vitest';
import { embedTextLength, fitReply, truncate } from '../../src/replies/fit.js';
import { DISCORD_LIMITS as L } from '../../src/replies/limits.js';
import type { Reply, ReplyEmbed } from '../../src/replies/reply.js';
import { discordLength } from '../../src/replies/text-length.js';

describe('truncate', () => {
  it('leaves text within the limit untouched', () => {
    expect(truncate('hello', 5)).toBe('hello');
  });

  it('cuts long text to the limit and ends it with an ellipsis', () => {
    const cut = truncate('a'.repeat(50), 10);
    expect(cut).toHaveLength(10);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('never leaves half of an emoji (surrogate pair) at the cut', () => {
    const cut = truncate('ab😀😀😀', 4);
    expect(cut).toBe('ab😀…');
    expect(discordLength(cut)).toBe(4);
    expect(() => encodeURIComponent(cut)).not.toThrow();
  });

  it('counts characters as Discord does, so text of emoji within the limit is not cut', () => {
    const text = `x${'😀'.repeat(200)}`;
    expect(truncate(text, 201)).toBe(text);
  });

  it('cuts on a grapheme boundary, keeping a skin tone or flag with its emoji', () => {
    // 49 characters: "x", 23 thumbs of two code points each, and the ellipsis.
    expect(truncate(`x${'👍🏽'.repeat(100)}`, 49)).toBe(`x${'👍🏽'.repeat(23)}…`);
    expect(truncate('🇫🇷'.repeat(10), 6)).toBe('🇫🇷🇫🇷…');
  });
});

describe('fitReply', () => {
  const huge = 'x'.repeat(10_000);

  it('keeps message content within 2,000 characters', () => {
    expect(fitReply({ content: huge }).content).toHaveLength(L.messageContent);
  });

  it('leaves 2,000 emoji whole: Discord counts each as one character', () => {
    const reply: Reply = {
      content: '😀'.repeat(L.messageContent),
      embeds: [{ description: '😀'.repeat(4_000) }],
    };
    expect(fitReply(reply)).toBe(reply);
    expect(embedTextLength({ title: '😀', description: '😀😀', fields: [{ name: '🇫🇷', value: 'ab' }] })).toBe(
      7,
    );
  });

  it('cuts each embed part to its own limit when the 6,000 total is not what cuts it', () => {
    // One part at a time, so each part's own limit is the one that applies: with everything huge
    // at once, the 6,000 total cuts the description below 4,096 and leaves no room for fields.
    const one = (embed: ReplyEmbed) => fitReply({ embeds: [embed] }).embeds?.[0];
    expect(one({ title: huge })?.title).toHaveLength(L.embedTitle);
    expect(one({ description: huge })?.description).toHaveLength(L.embedDescription);
    expect(one({ footer: huge })?.footer).toHaveLength(L.embedFooterText);
    expect(one({ fields: [{ name: huge, value: huge }] })?.fields).toEqual([
      { name: expect.stringMatching(new RegExp(`^x{${L.embedFieldName - 1}}…$`)), value: expect.any(String) },
    ]);
    expect(one({ fields: [{ name: 'n', value: huge }] })?.fields?.[0]?.value).toHaveLength(L.embedFieldValue);
    const many = Array.from({ length: 40 }, (_, i) => ({ name: `${i}`, value: 'v' }));
    expect(one({ fields: many })?.fields).toHaveLength(L.embedFields);
  });

  it('keeps all embeds of a message within 6,000 characters together', () => {
    const reply: Reply = {
      embeds: [
        {
          title: huge,
          description: huge,
          footer: huge,
          fields: Array.from({ length: 40 }, (_, i) => ({ name: `${i}${huge}`, value: huge })),
        },
        { title: 'second', description: huge },
      ],
    };
    const total = (fitReply(reply).embeds ?? []).reduce((sum, e) => sum + embedTextLength(e), 0);
    expect(total).toBe(L.embedsTotal);
  });

  it('limits buttons to 5 rows of 5 with labels of at most 80 characters', () => {
    const row = Array.from({ length: 9 }, (_, i) => ({ customId: `ask:topic:${i}`, label: huge }));
    const fitted = fitReply({ buttons: Array.from({ length: 8 }, () => row) });
    expect(fitted.buttons).toHaveLength(L.actionRows);
    for (const r of fitted.buttons ?? []) {
      expect(r.length).toBeLessThanOrEqual(L.buttonsPerRow);
      for (const b of r) expect(b.label.length).toBeLessThanOrEqual(L.buttonLabel);
    }
  });

  it('keeps the fields of a reply that already fits', () => {
    const reply: Reply = {
      content: 'hi',
      ephemeral: true,
      embeds: [{ title: 't', description: 'd', fields: [{ name: 'n', value: 'v' }] }],
      buttons: [[{ label: 'ok', customId: 'topic:show:overview' }]],
    };
    // The same object, not a copy: nothing to cut means nothing to allocate.
    expect(fitReply(reply)).toBe(reply);
  });

  it('fits embeds and buttons shared by another reply the same way (a repeat notice keeps the answer’s)', () => {
    const answer: Reply = {
      embeds: [{ title: 't', description: huge }],
      buttons: [[{ customId: 'ask:topic:overview', label: huge }]],
    };
    const first = fitReply(answer);
    const repeat = fitReply({ ...answer, content: 'posted moments ago', ephemeral: true });
    expect(first.embeds?.[0]?.description).toHaveLength(L.embedDescription);
    expect(first.buttons?.[0]?.[0]?.label).toHaveLength(L.buttonLabel);
    expect(repeat.embeds).toEqual(first.embeds);
    expect(repeat.buttons).toEqual(first.buttons);
    expect(repeat.content).toBe('posted moments ago');
    expect(fitReply(answer)).toEqual(first);
  });

  it('copies only what it cuts, and leaves the original reply as it was', () => {
    const kept = { title: 'kept', description: 'd' };
    const reply: Reply = { content: 'x'.repeat(L.messageContent + 5), embeds: [kept] };
    const fitted = fitReply(reply);
    expect(fitted).not.toBe(reply);
    expect(fitted.content).toHaveLength(L.messageContent);
    expect(fitted.embeds?.[0]).toBe(kept);
    expect(reply.content).toHaveLength(L.messageContent + 5);
  });
});
