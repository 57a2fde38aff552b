import { describe, expect, it } from 'vitest';
import { englishCommandNames, localiseCommandMentions } from '../../src/i18n/command-mentions.js';
import { LOCALES } from '../../src/i18n/locales.js';

describe('englishCommandNames', () => {
  it('turns every locale’s command, subcommand and option names back into the English ones', () => {
    for (const locale of LOCALES) {
      for (const line of [
        '/topics',
        '/faq remove entry:1 reason:x',
        '/privacy-tips schedule channel:1 cron:0 9 * * 1',
        '/connected aspect:privacy',
      ]) {
        const typed = localiseCommandMentions(line, locale);
        expect(englishCommandNames(typed), `${locale}: ${typed}`).toBe(line);
      }
    }
  });

  it('leaves values, free text and unknown commands as written', () => {
    expect(englishCommandNames('/preguntar pregunta: Temas y ayuda: retirar')).toBe(
      '/ask question: Temas y ayuda: retirar',
    );
    expect(englishCommandNames('/faq retirar entrada:1 motivo:Test entrada')).toBe(
      '/faq remove entry:1 reason:Test entrada',
    );
    expect(englishCommandNames('/nada aqui')).toBe('/nada aqui');
    expect(englishCommandNames('no command')).toBe('no command');
  });
});
