import { describe, expect, it } from 'vitest';
import { LanguageDetector } from '../../src/search/language-detection.js';
import { englishStopwords } from '../../src/search/normalise.js';

// Small profiles in the shape of knowledge/locales/<locale>/language.yaml (markers + stopwords).
const detector = new LanguageDetector([
  { locale: 'en-US', words: englishStopwords() },
  { locale: 'es-ES', words: ['como', 'que', 'mi', 'con', 'porque', 'puedo', 'cuenta', 'el', 'la', 'se'] },
  { locale: 'pt-BR', words: ['como', 'que', 'meu', 'minha', 'voce', 'vc', 'nao', 'posso', 'conta', 'o'] },
  { locale: 'fr', words: ['comment', 'mon', 'est', 'avec', 'je', 'pas', 'compte', 'le', 'la'] },
  { locale: 'de', words: ['wie', 'ich', 'mein', 'mit', 'nicht', 'kann', 'ist', 'das', 'der'] },
  { locale: 'id', words: ['gimana', 'cara', 'aku', 'gak', 'yang', 'ke', 'bisa', 'akun', 'dong'] },
  { locale: 'hi', words: ['kaise', 'kya', 'hai', 'mera', 'nahi', 'ke', 'ho', 'gaya', 'karu'] },
]);

describe('LanguageDetector', () => {
  it.each([
    ['how do i link my insta to facebook', 'en-US'],
    ['como vinculo mi insta con facebook', 'es-ES'],
    ['como eu conecto meu insta no face, vc sabe?', 'pt-BR'],
    ['comment je relie mon insta avec facebook', 'fr'],
    ['wie verbinde ich mein insta mit facebook', 'de'],
    ['gimana cara hubungin ig ke fb', 'id'],
    ['mera insta hack ho gaya kya karu', 'hi'],
    ['मेरा इंस्टाग्राम अकाउंट हैक हो गया', 'hi'],
  ] as const)('reads %j as %s', (text, locale) => {
    expect(detector.detect(text, null)).toBe(locale);
  });

  it("lets the asker's locale decide text with no telling words, and only then", () => {
    expect(detector.detect('fb ig??', 'pt-BR')).toBe('pt-BR');
    expect(detector.detect('fb ig??', null)).toBe('en-US');
    // One typical word outweighs the asker's locale: a Spanish question from a German client.
    expect(detector.detect('vinculo mi insta', 'de')).toBe('es-ES');
  });

  it("scores each language by the text's own evidence, which the asker's locale reorders but never adds to", () => {
    const text = 'como que insta';
    const byPortuguese = detector.rankScored(text, 'pt-BR');
    const bySpanish = detector.rankScored(text, 'es-ES');
    expect(byPortuguese[0]![0]).toBe('pt-BR');
    expect(bySpanish[0]![0]).toBe('es-ES');
    const evidence = (ranked: [string, number][], locale: string) => ranked.find(([l]) => l === locale)?.[1];
    expect(evidence(byPortuguese, 'pt-BR')).toBe(evidence(bySpanish, 'pt-BR'));
    expect(evidence(byPortuguese, 'es-ES')).toBe(evidence(bySpanish, 'es-ES'));
    // Devanagari is Hindi alone.
    expect(detector.rankScored('मेरा इंस्टाग्राम अकाउंट हैक हो गया', 'en-US')).toEqual([['hi', 1]]);
  });

  it('breaks a tie between two languages with the asker locale', () => {
    // "como" and "que" are both Spanish and Portuguese, so neither counts; the asker decides.
    expect(detector.detect('como que insta', 'pt-BR')).toBe('pt-BR');
    expect(detector.detect('como que insta', 'es-ES')).toBe('es-ES');
  });

  it('gives a tie between two other languages to the one franc-min prefers, not to list order', () => {
    const tied = new LanguageDetector([
      { locale: 'en-US', words: englishStopwords() },
      { locale: 'es-ES', words: ['que', 'insta'] },
      { locale: 'pt-BR', words: ['que', 'insta'] },
    ]);
    // Every word is shared by Spanish and Portuguese; the text's letters are Portuguese.
    expect(tied.rank('que insta', null).slice(0, 2).sort()).toEqual(['es-ES', 'pt-BR']);
    expect(tied.detect('que não insta não', null)).toBe('pt-BR');
  });

  it('reads accents as written before dropping them: "é" is Portuguese where "e" is Spanish too', () => {
    const accents = new LanguageDetector([
      { locale: 'en-US', words: englishStopwords() },
      { locale: 'es-ES', words: ['que', 'o', 'e', 'es'] },
      { locale: 'pt-BR', words: ['que', 'o', 'é', 'e'] },
    ]);
    expect(accents.detect('o que é threads', 'es-ES')).toBe('pt-BR');
  });
});

describe('LanguageDetector.isUnspoken', () => {
  it('reads a Hindi question that franc-min ranks as a neighbouring language as Hindi, not an unspoken one', () => {
    // franc-min ranks this one Magahi, then Bhojpuri, then Hindi; few of its words are in any lexicon.
    expect(detector.isUnspoken('कक्षा 10 के गणित में द्विघात समीकरण कैसे हल करें?')).toBe(false);
    expect(detector.detect('कक्षा 10 के गणित में द्विघात समीकरण कैसे हल करें?', null)).toBe('hi');
  });

  it('still reads Marathi and Dutch as languages the bot does not speak', () => {
    expect(detector.isUnspoken('माझे फेसबुक खाते हॅक झाले आहे, आता मी काय करू?')).toBe(true);
    expect(detector.isUnspoken('waarom zie ik advertenties op facebook van dingen die ik bekeek')).toBe(true);
  });
});
