import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/i18n/locales.js';
import { loadLibrary } from '../../src/knowledge/load.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/paths.js';
import { analyserFor, englishAnalyser } from '../../src/search/analysers.js';
import { terms } from '../../src/search/normalise.js';

const spanish = analyserFor('es-ES', {
  stopwords: ['como', 'mi', 'con', 'de', 'la'],
  synonyms: { wasap: 'whatsapp', 'centro de cuentas': 'centrocuentas' },
  markers: [],
});
const hindi = analyserFor('hi', { stopwords: ['kaise', 'hai', 'का', 'है'], synonyms: {}, markers: [] });

const termsOf = (a: typeof spanish, text: string) => a.termsOfWords(a.words(text));

describe('analyserFor', () => {
  it('is the built-in English pipeline for en-US', () => {
    expect(analyserFor('en-US', null)).toBe(englishAnalyser);
    expect(termsOf(englishAnalyser, 'How do I link my ig accounts?')).toEqual(
      terms('How do I link my ig accounts?'),
    );
  });

  it('drops accents, stopwords and stems Spanish words with the Snowball stemmer', () => {
    // "vinculación" and "vinculacion" (no accent, as people type) meet; plural and singular meet.
    expect(termsOf(spanish, 'Cómo vinculo mi cuenta con la vinculación')).toEqual(
      termsOf(spanish, 'como vinculo mi cuentas con la vinculacion'),
    );
    expect(termsOf(spanish, 'publicaciones')).toEqual(termsOf(spanish, 'publicación'));
  });

  it('maps slang and phrases from language.yaml, and app names people type in every language', () => {
    expect(termsOf(spanish, 'el wasap')).toContain(englishAnalyser.stem('whatsapp'));
    expect(termsOf(spanish, 'mi centro de cuentas')).toEqual(['centrocuent']);
    // "ig" and "fb" are the same names in Spanish: the same terms as English's.
    expect(termsOf(spanish, 'ig fb')).toEqual(termsOf(englishAnalyser, 'ig fb'));
  });

  it('names the words a synonym phrase covers, so typo correction leaves them whole', () => {
    expect([...spanish.phraseWords(spanish.words('mi centro de cuentas ya'))]).toEqual([1, 2, 3]);
    expect(spanish.phraseWords(spanish.words('mi centro comercial')).size).toBe(0);
    expect(englishAnalyser.phraseWords(englishAnalyser.words('accounts center')).size).toBe(0);
  });

  it("splits French-style elisions instead of gluing them (l'application -> application)", () => {
    const french = analyserFor('fr', { stopwords: ['l'], synonyms: {}, markers: [] });
    expect(termsOf(french, "l'application")).toEqual(termsOf(french, 'application'));
  });

  it('drops Discord markup from the words of every language', () => {
    expect(spanish.words('@everyone <@1> <t:1700000000:R> mi cuenta')).toEqual(['mi', 'cuenta']);
    expect(hindi.words('@here मेरा अकाउंट')).toEqual(['मेरा', 'अकाउंट']);
  });

  it('keeps Devanagari vowel signs (they are part of the word) and leaves Latin-script Hindi unstemmed', () => {
    expect(hindi.words('अकाउंट का पासवर्ड')).toEqual(['अकाउंट', 'का', 'पासवर्ड']);
    expect(termsOf(hindi, 'mera account kaise hai')).toEqual(['mera', 'account']);
    // Plural and singular of "post" meet through Snowball's Hindi stemmer.
    expect(termsOf(hindi, 'पोस्टें')).toEqual(termsOf(hindi, 'पोस्ट'));
  });
});

describe('the shipped word lists', () => {
  const shipped = loadLibrary(DEFAULT_KNOWLEDGE_DIR);
  const analyser = async (locale: Exclude<Locale, 'en-US'>) =>
    analyserFor(locale, (await shipped).in(locale).words);

  it('read impersonation only in the reflexive Spanish "se hace pasar por", not "me hizo pasar por"', async () => {
    const es = await analyser('es-ES');
    const impersonation = termsOf(es, 'suplantación');
    expect(termsOf(es, 'alguien se hace pasar por mi')).toEqual(expect.arrayContaining(impersonation));
    expect(termsOf(es, 'el tutorial me hizo pasar por el login de facebook')).not.toEqual(
      expect.arrayContaining(impersonation),
    );
  });

  it('read a Spanish "apagón" (blackout) as an outage, not as switching an account off', async () => {
    const es = await analyser('es-ES');
    expect(termsOf(es, 'apagón')).toEqual(termsOf(es, 'caída'));
    expect(termsOf(es, 'apagar')).toEqual(termsOf(es, 'desactivar'));
  });

  it('leave "data associated with an account" as data, not as linking accounts (es, pt)', async () => {
    const es = await analyser('es-ES');
    const pt = await analyser('pt-BR');
    expect(termsOf(es, 'datos asociados')).not.toEqual(expect.arrayContaining(termsOf(es, 'vinculados')));
    expect(termsOf(pt, 'dados associados')).not.toEqual(expect.arrayContaining(termsOf(pt, 'vinculados')));
    // An account "asociada/associada" to another is still a linked one.
    expect(termsOf(es, 'cuenta asociada')).toEqual(termsOf(es, 'cuenta vinculada'));
    expect(termsOf(pt, 'conta associada')).toEqual(termsOf(pt, 'conta vinculada'));
  });

  it('read Indonesian "akn" as "akan" (will), and a slow app (lemot) as no outage', async () => {
    const id = await analyser('id');
    expect(termsOf(id, 'akn')).toEqual([]);
    expect(termsOf(id, 'ig lemot')).not.toEqual(expect.arrayContaining(termsOf(id, 'gangguan')));
  });
});
