import { afterEach, describe, expect, it } from 'vitest';
import { loadLibrary } from '../../src/knowledge/load.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/paths.js';
import { createMultilingualIndex } from '../../src/search/multilingual-index.js';
import { copyKnowledgeWithTranslation, type TempKnowledge } from '../knowledge/knowledge-dir.js';

let temp: TempKnowledge | undefined;
afterEach(() => {
  temp?.dispose();
  temp = undefined;
});

const SPANISH_WORDS =
  'stopwords: [quien, es, el, de, la, mi, con]\nsynonyms: {}\nmarkers: [quien, cuando, porque]\n';

/** The small knowledge base with a Spanish translation whose ownership topic speaks Spanish. */
async function spanishIndex() {
  temp = copyKnowledgeWithTranslation('es-ES', SPANISH_WORDS);
  temp.edit(
    'locales/es-ES/topics/ownership.md',
    'examples:\n  - did facebook buy instagram',
    'examples:\n  - quien es el dueño de instagram\n  - cuando compro facebook instagram\n  - did facebook buy instagram',
  );
  return createMultilingualIndex(await loadLibrary(temp.dir));
}

let shipped: Promise<ReturnType<typeof createMultilingualIndex>> | undefined;
/** The index over the shipped knowledge base, built once for the tests that read it. */
function shippedIndex() {
  shipped ??= loadLibrary(DEFAULT_KNOWLEDGE_DIR).then((library) => createMultilingualIndex(library));
  return shipped;
}

describe('createMultilingualIndex', () => {
  it('answers "my account was hacked, what do I do" with the recovery steps, in every language', async () => {
    const index = await shippedIndex();
    for (const question of [
      'my facebook account was hacked, what do i do',
      'mi cuenta de facebook fue hackeada, qué hago',
      'minha conta do facebook foi hackeada, o que eu faço',
      'mon compte facebook a été piraté, je fais quoi',
      'mein facebook konto wurde gehackt, was tun',
      'akun facebook saya dihack, harus gimana',
      'mera facebook account hack ho gaya, kya karu',
      'मेरा फेसबुक अकाउंट हैक हो गया, क्या करूँ',
    ]) {
      const { answer } = index.search(question);
      expect(answer?.id, question).toBe('account-security');
      expect(answer?.section, question).toBe('get-back-in');
    }
  });

  it("refuses \"are <another company's app> and <Meta's app> the same company?\" as another company's, in every language", async () => {
    const index = await shippedIndex();
    for (const question of [
      'are snapchat and instagram the same company',
      'snapchat y instagram son de la misma empresa?',
      'snapchat e instagram são da mesma empresa?',
      "snapchat et insta c'est la même entreprise ?",
      'gehören snapchat und instagram zur selben firma?',
      'snapchat sama instagram satu perusahaan?',
      'kya snapchat aur instagram ek hi company ke hain',
    ]) {
      expect(index.search(question), question).toMatchObject({
        answer: null,
        refusal: { kind: 'other-company' },
      });
    }
    // The same question about Meta's own apps is answered.
    expect(index.search('which company owns facebook and instagram').answer?.id).toBe('ownership');
    expect(index.search('facebook y instagram son de la misma empresa?').answer).not.toBeNull();
  });

  it('leaves laughter out of exact matches on both sides, so an example that laughs still matches itself', async () => {
    const index = await shippedIndex();
    for (const question of ["t'es vraiment réel mdr", 'kamu beneran ada gak sih wkwk', 'jajaja']) {
      expect(index.search(question), question).toMatchObject({
        answer: null,
        refusal: { kind: 'chit-chat' },
      });
    }
  });

  it('reads "whose is Threads?" and "who possesses Instagram?" as ownership questions in the languages that ask so', async () => {
    const index = await shippedIndex();
    for (const [question, locale] of [
      ['de quién es threads?', 'es-ES'],
      ['de quem é o threads?', 'pt-BR'],
      ["c'est à qui threads ?", 'fr'],
      ['wer besitzt instagram', 'de'],
    ] as const) {
      const result = index.search(question);
      expect(result.locale, question).toBe(locale);
      expect(result.answer?.id, question).toBe('ownership');
    }
    // German chat calls a company "der Laden": the same company, not a shop.
    expect(index.search('fb und insta ist doch eh derselbe laden oder').answer?.id).toBe('overview');
    // Whose fault it is asks after no owner.
    expect(index.search('¿de quién es la culpa de que se cayera insta?').answer?.id).not.toBe('ownership');
    expect(index.search('de quem é a culpa do insta ter caído?').answer?.id).not.toBe('ownership');
    // Whose data it is asks about privacy.
    expect(index.search('¿de quién son mis datos en instagram?').answer?.id).toBe('privacy');
  });

  it('answers "how do I link instagram to facebook" with adding an account, not removing one (es, pt)', async () => {
    const index = await shippedIndex();
    for (const question of ['como vinculo mi insta con fb', 'como vincular meu instagram ao facebook']) {
      expect(index.search(question).answer, question).toMatchObject({
        id: 'shared-login',
        section: 'add-account',
      });
    }
    expect(index.search('como desvinculo mi insta de fb').answer).toMatchObject({
      section: 'remove-account',
    });
  });

  it('answers an Indonesian "why are the ads the same on ig and fb" with why ads follow you, not running ads', async () => {
    const index = await shippedIndex();
    expect(index.search('kenapa iklan di ig sama kayak di fb').answer).toMatchObject({
      id: 'advertising',
      section: 'ads-follow-you',
    });
    expect(index.search('gimana cara pasang satu iklan di fb dan ig sekaligus').answer).toMatchObject({
      section: 'one-ad-both-apps',
    });
  });

  it('reads a question the same with or without Discord mentions: language, answer and section', async () => {
    const index = await shippedIndex();
    for (const question of [
      'como conecto instagram a facebook',
      'facebook whatsapp',
      'is fb connected to ig',
      'mein insta wurde gehackt, was tun',
    ]) {
      const plain = index.search(question);
      const mentioned = index.search(`@everyone @here <@300000000000000001> <@&42> ${question} <#7>`);
      expect(mentioned.locale, question).toBe(plain.locale);
      expect(mentioned.answer?.id, question).toBe(plain.answer?.id);
      expect(mentioned.answer?.section, question).toBe(plain.answer?.section);
    }
  });

  it('reads the English words of a mixed question its own language cannot answer, and answers in its language', async () => {
    const library = await loadLibrary(DEFAULT_KNOWLEDGE_DIR);
    const index = createMultilingualIndex(library);
    const german = library.in('de');
    const mixed = index.search('sind insta und fb eigentlich the same company oder komplett separate apps');
    expect(mixed).toMatchObject({
      locale: 'de',
      answer: { id: 'overview', title: german.topic('overview')?.title },
    });
    // The offers (buttons) are titled in the answer's language too.
    expect(mixed.alternatives.length).toBeGreaterThan(0);
    for (const hit of mixed.alternatives) expect(hit.title).toBe(german.topic(hit.id)?.title);
    // A question its own language refuses as a kind of refusal stays refused, though its English
    // words alone ("share my instagram posts to facebook") would be answered.
    expect(
      index.search(
        'soll ich meta aktien kaufen oder nicht, share my instagram posts to facebook automatically',
      ),
    ).toMatchObject({ locale: 'de', answer: null, reason: 'off-topic', refusal: { kind: 'finance' } });
  });

  it('reads a question that is as much Spanish as English in Spanish when English cannot place it, and keeps English questions English', async () => {
    const index = await shippedIndex();
    // Its English words make it English first, but English refuses it; Spanish, a close second,
    // answers it, in Spanish.
    expect(
      index.search('oye, are insta and face basically the same thing o son apps separadas todavia?'),
    ).toMatchObject({
      locale: 'es-ES',
      answer: { id: 'overview' },
    });
    // One word another language also knows ("data", "meta") makes no English question another
    // language's: they stay refused, in English.
    // An asker whose Discord speaks Hindi does not make it a second language either.
    for (const question of [
      'what is a data center',
      'what is the data center',
      'whats META trading at right now',
    ]) {
      for (const locale of [null, 'hi']) {
        expect(index.search(question, { locale }), `${question} (${locale})`).toMatchObject({
          locale: 'en-US',
          answer: null,
        });
      }
    }
  });

  it('reads Threads described as the text app (id, es, fr)', async () => {
    const index = await shippedIndex();
    for (const question of [
      'pas pertama buka aplikasi tulisan punya meta, foto profil sama username ig gw udah ada, kok bisa?',
      'la app de textos de meta me copió la foto de insta, por qué?',
      "l'application de texte de meta a pris ma photo insta, c'est normal ?",
    ]) {
      expect(index.search(question).answer, question).toMatchObject({ id: 'threads' });
    }
  });

  it('answers two-factor authentication for linked accounts with account security, not shared login (en, es, pt, fr, de, id)', async () => {
    const index = await shippedIndex();
    for (const question of [
      '2fa on both my linked accounts',
      '2fa vale para las dos cuentas vinculadas?',
      'a 2fa vale pras duas contas ligadas?',
      'la 2fa marche sur mes deux comptes liés ?',
      'zwei faktor gilt das für beide verknüpften konten',
      '2fa di akun ig sama fb yang udah nyambung gimana',
    ]) {
      expect(index.search(question).answer, question).toMatchObject({
        id: 'account-security',
        section: 'protect',
      });
    }
  });

  it('answers "looked for something on one app and the other one shows it" as an ad following you (id)', async () => {
    const index = await shippedIndex();
    expect(
      index.search('aku nyari sepatu di satu aplikasi, eh aplikasi sebelah isinya sepatu semua').answer,
    ).toMatchObject({
      id: 'advertising',
      section: 'ads-follow-you',
    });
  });

  it("refuses a question about Meta's coin (Libra, Diem) as a finance question (es, pt, de)", async () => {
    const index = await shippedIndex();
    for (const [question, locale] of [
      ['que paso con libra la moneda de facebook', 'es-ES'],
      ['o que aconteceu com a libra do facebook', 'pt-BR'],
      ['was ist aus diem geworden, der facebook währung', 'de'],
    ] as const) {
      expect(index.search(question), question).toMatchObject({
        locale,
        answer: null,
        refusal: { kind: 'finance' },
      });
    }
  });

  it("answers a question in its own language's index, and says which language that is", async () => {
    const index = await spanishIndex();
    const result = index.search('¿quién es el dueño de instagram?');
    expect(result.locale).toBe('es-ES');
    expect(result.answer?.id).toBe('ownership');
    expect(index.search('who owns instagram').locale).toBe('en-US');
  });

  it("takes the asker's locale for text that does not tell, and ignores one the bot does not speak", async () => {
    const index = await spanishIndex();
    expect(index.search('instagram', { locale: 'es-419' }).locale).toBe('es-ES');
    expect(index.search('instagram', { locale: 'ja' }).locale).toBe('en-US');
  });

  it("refuses a language it does not speak in the asker's language", async () => {
    const index = await spanishIndex();
    const result = index.search(
      'waarom zie ik advertenties op facebook van dingen die ik op instagram bekeek',
      {
        locale: 'es-ES',
      },
    );
    expect(result).toMatchObject({ answer: null, reason: 'language', locale: 'es-ES' });
  });

  it('gives the language notice, not an off-topic refusal, to a question in a script none of its languages use', async () => {
    const index = await spanishIndex();
    for (const question of [
      'インスタとフェイスブックはつながっていますか',
      'как связать инстаграм и фейсбук',
      'هل انستغرام وفيسبوك نفس الشركة',
    ]) {
      expect(index.search(question), question).toMatchObject({ answer: null, reason: 'language' });
    }
    // A few app names in Latin letters among them are not enough to read the question.
    expect(index.search('インスタ と fb はつながっていますか')).toMatchObject({ reason: 'language' });
    // Mostly Latin letters with an emoji or a word of another script is still read.
    expect(index.search('is insta part of facebook? ありがとう').reason).not.toBe('language');
  });

  it('matches a community FAQ entry in the language it is written in, and finds it for autocomplete', async () => {
    const index = await spanishIndex();
    index.upsertFaq({
      guildId: 'g1',
      id: '7',
      question: '¿Dónde está el canal de sorteos del servidor?',
      answer: 'El canal de sorteos está abajo del todo, con el icono de regalo.',
    });
    const spanish = index.search('donde esta el canal de sorteos', { guildId: 'g1' });
    expect(spanish).toMatchObject({ locale: 'es-ES', answer: { kind: 'faq', id: '7' } });
    expect(index.completeFaq('g1', 'sorteos', 5).map((h) => h.id)).toEqual(['7']);
    index.removeFaq('g1', '7');
    expect(index.search('donde esta el canal de sorteos', { guildId: 'g1' }).answer?.kind).not.toBe('faq');
    expect(index.completeFaq('g1', 'sorteos', 5)).toEqual([]);
  });
});
