/**
 * The message catalogue API: keys typed from the English catalogue, plural forms chosen by
 * Intl.PluralRules, placeholders filled, and commands named in the reader's language.
 */
import { describe, expect, it } from 'vitest';
import { localiseCommandMentions } from '../../src/i18n/command-mentions.js';
import { formatCalendarDate, formatDuration, formatList } from '../../src/i18n/format.js';
import { type MessageKey, t, translator } from '../../src/i18n/messages.js';

describe('messages', () => {
  it('fills placeholders without escaping Discord Markdown or quotes', () => {
    expect(t('en-US', 'common.fault', { reference: 'E-ABC123' })).toBe(
      "Something went wrong on our side, sorry. If it keeps happening, tell the server's moderators and quote reference `E-ABC123`.",
    );
    expect(t('en-US', 'faq.noMatch', { typed: '<a & "b">' })).toContain('"<a & "b">"');
  });

  it('picks the plural form from count with the locale plural rules', () => {
    expect(t('en-US', 'faq.cooldown', { count: 1 })).toBe('You can suggest again in 1 second.');
    expect(t('en-US', 'faq.cooldown', { count: 2 })).toBe('You can suggest again in 2 seconds.');
    // CLDR: English 0 is "other"; French 0 and 1 are "one" (checked against Intl itself).
    expect(new Intl.PluralRules('fr').select(0)).toBe('one');
    expect(t('en-US', 'faq.cooldown', { count: 0 })).toBe('You can suggest again in 0 seconds.');
  });

  it('rejects a key the English catalogue does not have at compile time', () => {
    // @ts-expect-error: not a message key
    const wrong: MessageKey = 'ask.noSuchMessage';
    expect(wrong).toBe('ask.noSuchMessage');
  });

  it('binds a translator to a locale', () => {
    const tr = translator('en-US');
    expect(tr.locale).toBe('en-US');
    expect(tr('faq.list.title')).toBe('Community FAQ');
  });
});

describe('commands named in text', () => {
  it('leaves English text alone', () => {
    expect(localiseCommandMentions('Try `/faq review` or /topics for more', 'en-US')).toBe(
      'Try `/faq review` or /topics for more',
    );
  });

  it('shows the localised command, subcommand and option names, and stops at free text', () => {
    const es = (path: string) => t('es-ES', path as MessageKey);
    const faq = es('commands.faq.name');
    const review = es('commands.faq.options.review.name');
    const ask = es('commands.ask.name');
    const connected = es('commands.connected.name');
    const aspect = es('commands.connected.options.aspect.name');
    // The Spanish catalogue names these differently, so the checks below see a real change.
    expect([review, ask, connected]).not.toContain('review');
    expect(ask).not.toBe('ask');
    expect(localiseCommandMentions('Use `/faq review` now', 'es-ES')).toBe(`Use \`/${faq} ${review}\` now`);
    expect(localiseCommandMentions('`/ask are fb and ig connected`', 'es-ES')).toBe(
      `\`/${ask} are fb and ig connected\``,
    );
    expect(localiseCommandMentions('use `/connected aspect:<id>`', 'es-ES')).toBe(
      `use \`/${connected} ${aspect}:<id>\``,
    );
    expect(localiseCommandMentions('Run /faq review, or see https://a.example/faq', 'es-ES')).toBe(
      `Run /${faq} ${review}, or see https://a.example/faq`,
    );
    expect(localiseCommandMentions('`/unknown thing`', 'es-ES')).toBe('`/unknown thing`');
  });
});

describe('values filled into a message', () => {
  it('stay as written: a reason that names commands is not localised, the catalogue text around it is', () => {
    const reason = 'see /topics and `/faq show`';
    expect(t('de', 'faq.card.reason', { reason })).toContain(reason);
    expect(t('de', 'ask.offTopic')).toContain('`/themen`');
  });
});

describe('formatting from CLDR', () => {
  it('writes durations, dates and lists in the reader language', () => {
    expect(formatDuration('en-US', 1_500)).toBe('1 day 1 hour');
    expect(formatDuration('de', 90)).toBe('1 Stunde, 30 Minuten');
    expect(formatDuration('es-ES', 0)).toBe('0 minutos');
    expect(formatCalendarDate('en-US', '2026-11-25')).toBe('Nov 25, 2026');
    expect(formatCalendarDate('de', '2026-11-25')).toBe('25.11.2026');
    expect(formatCalendarDate('en-US', 'soon')).toBe('soon');
    expect(formatList('fr', ['A', 'B', 'C'])).toBe('A, B et C');
  });
});
