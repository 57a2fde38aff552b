import { describe, expect, it } from 'vitest';
import {
  describeModalField,
  EPHEMERAL_MARK,
  plainDiscordMarkup,
  renderReply,
} from '../../src/console/render.js';

describe('renderReply', () => {
  it('shows title, body, fields, footer and numbered buttons, marking private replies', () => {
    const rendered = renderReply({
      ephemeral: true,
      content: 'Pick one:',
      embeds: [
        {
          title: 'Are they connected?',
          description: '**Yes.** See [Meta](https://about.meta.com/).',
          fields: [{ name: 'Sources', value: '[About Meta](https://about.meta.com/)' }],
          footer: 'Last reviewed 2026-11-25',
        },
      ],
      buttons: [
        [
          { customId: 'ask:topic:ownership', label: 'Ownership' },
          { url: 'https://example.com', label: 'Website' },
          { customId: 'ask:topic:old', label: 'Old', disabled: true },
          { customId: 'ask:topic:privacy', label: 'Privacy' },
        ],
      ],
    });
    expect(rendered.text).toBe(
      [
        EPHEMERAL_MARK,
        '',
        'Pick one:',
        '',
        '== Are they connected? ==',
        'Yes. See Meta <https://about.meta.com/>.',
        '',
        'Sources:',
        '  About Meta <https://about.meta.com/>',
        '',
        '-- Last reviewed 2026-11-25',
        '',
        'Buttons (type a number to pick one):',
        '  [1] Ownership',
        '  [link] Website <https://example.com>',
        '  [-] Old (disabled)',
        '  [2] Privacy',
      ].join('\n'),
    );
    expect(rendered.buttons).toEqual([
      { number: 1, customId: 'ask:topic:ownership', label: 'Ownership' },
      { number: 2, customId: 'ask:topic:privacy', label: 'Privacy' },
    ]);
  });

  it('cuts what Discord would not accept, as Discord would never show it', () => {
    const rendered = renderReply({ content: 'x'.repeat(5000) });
    expect(rendered.text.length).toBeLessThanOrEqual(2000);
  });
});

describe('plainDiscordMarkup', () => {
  it('turns channel, user and role mentions and timestamps into words a terminal can show', () => {
    const now = Date.parse('2026-11-25T12:00:00Z');
    const inFiveMinutes = Math.round(now / 1000) + 300;
    expect(plainDiscordMarkup(`<#123> <@456> <@!789> <@&42> <t:${inFiveMinutes}:R>`, now)).toBe(
      '#123 @user:456 @user:789 @role:42 in 5 minutes',
    );
    expect(plainDiscordMarkup('<t:0:D>', now, 'UTC')).toBe('1 January 1970 UTC');
  });
});

describe('times in the console', () => {
  const mondayNineInBerlin = Date.parse('2026-11-30T08:00:00Z') / 1000;
  const machineZone = new Intl.DateTimeFormat().resolvedOptions().timeZone;

  it("shows a reply's times in the timezone the reply is about, with the zone's name", () => {
    const text = renderReply({
      content: `Next post: <t:${mondayNineInBerlin}:F>`,
      timeZone: 'Europe/Berlin',
    }).text;
    expect(text).toMatch(/^Next post: Monday,? 30 November 2026 at 09:00 Europe\/Berlin$/);
  });

  it("shows other times in the machine's timezone, named", () => {
    const text = renderReply({ content: `<t:${mondayNineInBerlin}:F>` }).text;
    expect(text).toMatch(/^\w+day,? \d{1,2} November 2026 at \d\d:\d\d /);
    expect(text.endsWith(` ${machineZone}`)).toBe(true);
  });

  it("shows an embed's timestamp as a readable time, not as ISO text", () => {
    const text = renderReply({
      embeds: [{ title: 'Entry', footer: 'FAQ entry #3', timestamp: '2026-11-30T08:00:00.000Z' }],
      timeZone: 'Europe/Berlin',
    }).text;
    expect(text).toMatch(/\n-- FAQ entry #3 · 30 November 2026 at 09:00 Europe\/Berlin$/);
    expect(text).not.toContain('2026-11-30T08');
  });
});

describe('describeModalField', () => {
  it('says whether a field is required, its length limits and what Enter does with a pre-filled value', () => {
    expect(
      describeModalField({
        customId: 'q',
        label: 'Question',
        style: 'short',
        required: true,
        minLength: 10,
        maxLength: 200,
        value: 'Old text',
      }),
    ).toBe('Question (required, 10-200 characters)\n  current: Old text\n  (Enter keeps it)');
    expect(describeModalField({ customId: 's', label: 'Source', style: 'short', required: false })).toBe(
      'Source (optional, Enter to skip)',
    );
  });
});
