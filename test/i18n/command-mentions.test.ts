import { describe, expect, it } from 'vitest';
import {
  commandNameAliases,
  englishCommandName,
  foldCommandName,
  localiseCommandMentions,
} from '../../src/i18n/command-mentions.js';
import { LOCALES } from '../../src/i18n/locales.js';

describe('commandNameAliases', () => {
  it('gives every name a command, subcommand or option is localised to, folded', () => {
    expect(commandNameAliases(['topics'])).toEqual(expect.arrayContaining(['topics', 'temas']));
    expect(commandNameAliases(['faq', 'remove', 'reason'])).toEqual(
      expect.arrayContaining(['reason', 'motivo']),
    );
    // "fuso-horário" is found typed with or without its accent, in either Unicode form.
    const timezone = commandNameAliases(['privacy-tips', 'schedule', 'timezone']);
    expect(timezone).toContain(foldCommandName('fuso-horário'));
    expect(timezone).toContain(foldCommandName('fuso-horario'));
    expect(timezone).toContain(foldCommandName('fuso-hora\u0301rio'));
  });

  it('matches the names localiseCommandMentions shows, in every locale', () => {
    for (const locale of LOCALES) {
      const shown = localiseCommandMentions('`/faq remove entry:1`', locale).slice(2, -1).split(' ');
      const [command = '', sub = '', option = ''] = shown;
      expect(englishCommandName(command), locale).toBe('faq');
      expect(commandNameAliases(['faq', 'remove']), locale).toContain(foldCommandName(sub));
      expect(commandNameAliases(['faq', 'remove', 'entry']), locale).toContain(
        foldCommandName(option.split(':')[0] ?? ''),
      );
    }
  });

  it('knows the English name of a localised command, and nothing else', () => {
    expect(englishCommandName('temas')).toBe('topics');
    expect(englishCommandName('TEMAS')).toBe('topics');
    expect(englishCommandName('topics')).toBe('topics');
    expect(englishCommandName('nada')).toBeUndefined();
  });

  it('never gives one level two meanings for a name, across all locales', () => {
    const level = (path: string[], names: string[]) => {
      const seen = new Map<string, string>();
      for (const name of names) {
        for (const alias of commandNameAliases([...path, name])) {
          expect(seen.get(alias) ?? name, `${path.join(' ')}: "${alias}"`).toBe(name);
          seen.set(alias, name);
        }
      }
    };
    level([], ['ask', 'connected', 'topics', 'help', 'faq', 'privacy-tip', 'privacy-tips']);
    level(['faq'], ['show', 'suggest', 'list', 'review', 'edit', 'remove', 'config', 'insights']);
    level(['faq', 'remove'], ['entry', 'reason']);
    level(['privacy-tips'], ['schedule', 'status', 'stop']);
    level(['privacy-tips', 'schedule'], ['channel', 'cron', 'timezone']);
  });
});
