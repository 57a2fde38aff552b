/**
 * Community FAQ entries compete with the knowledge topics on the same footing: an entry's
 * question and answer go through the same synonyms, compounds, stems and typo correction as a
 * topic, a word only an entry uses counts for that entry, and an entry that merely shares a few
 * words with a question does not take it from the topic that answers it.
 * Run against the real knowledge base: these are the topics a guild's entries compete with.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/paths.js';
import { faqEntry, GuildFaqIndex } from '../../src/search/guild-faq-index.js';
import { createQuestionIndex } from '../../src/search/question-index.js';
import type { FaqDocument, QuestionIndex } from '../../src/search/types.js';

const GUILD = 'guild-a';

/** Entries a Meta-fan community might approve: some about the apps, most about the server. */
const ENTRIES: readonly FaqDocument[] = [
  {
    id: 'threads-login',
    question: 'Do I sign in to Threads with my Instagram account?',
    answer: 'Yes: Threads uses your Instagram login, so you sign in with the same username and password.',
  },
  {
    id: 'reels',
    question: 'Why do my Reels not show up on Facebook anymore?',
    answer: 'Check that the Facebook sharing switch is on in your Reels settings.',
  },
  {
    id: 'website',
    question: 'Can I use my Facebook account to log into the server website?',
    answer: 'No, the server website only accepts Discord logins.',
  },
  {
    id: 'mods',
    question: 'Can I message the mods on WhatsApp?',
    answer: 'No, please use ModMail here on Discord.',
  },
  {
    id: 'event',
    question: 'When is the weekly Minecraft server event?',
    answer: 'Every Saturday at 18:00 UTC in the #events channel; bring your own pickaxe.',
  },
  {
    id: 'ig-page',
    question: 'Does the server have an Instagram page?',
    answer: 'Yes, @ourserver on Instagram; we post event photos there.',
  },
  {
    id: 'fb-group',
    question: 'Is there a Facebook group for members?',
    answer: 'Yes, search for "Our Server Members" on Facebook and answer the entry questions.',
  },
].map((entry) => ({ guildId: GUILD, ...entry }));

let index: QuestionIndex;
beforeAll(async () => {
  index = createQuestionIndex(await loadKnowledge(DEFAULT_KNOWLEDGE_DIR));
  for (const entry of ENTRIES) index.upsertFaq(entry);
});

describe('a community FAQ entry', () => {
  it('"Do I sign in to Threads with my Instagram account?" answers "threads login with instagram?"', () => {
    const result = index.search('threads login with instagram?', { guildId: GUILD });
    expect(result.answer).toMatchObject({ kind: 'faq', id: 'threads-login' });
    // Elsewhere the same question still gets a topic: the entry is what made the difference.
    expect(index.search('threads login with instagram?', { guildId: 'guild-b' }).answer?.kind).toBe('topic');
  });

  it.each([
    ['threads sign in insta', 'threads-login'],
    ['threads login ig?', 'threads-login'],
    ['threads logon via insta', 'threads-login'],
    ['threads login with instagarm', 'threads-login'],
    ['fb not showing my reels anymore', 'reels'],
  ])('answers %j through the same synonyms, slang and typo correction as a topic', (question, id) => {
    expect(index.search(question, { guildId: GUILD }).answer).toMatchObject({ kind: 'faq', id });
  });

  it.each([
    // "modmail" is in no topic and in one entry's answer only.
    ['modmail', 'mods'],
    ['is modmail on whatsapp', 'mods'],
    // "pikaxe" is corrected to the entry's "pickaxe", a word no topic uses.
    ['do i need to bring a pikaxe', 'event'],
    // Words only the entry uses are English words of this guild, not another language.
    ['weekly minecraft event saturday utc', 'event'],
  ])('counts a word only it contains: %j', (question, id) => {
    expect(index.search(question, { guildId: GUILD }).answer).toMatchObject({ kind: 'faq', id });
  });

  it.each([
    // Shares "facebook", "account" and "log in" with the server-website entry.
    'can i log into instagram with my facebook account',
    // Shares "threads" and "account" with the Threads sign-in entry.
    'do i need a facebook account to use threads',
    // Shares "reels" and "facebook" with the Reels entry.
    'my reels automatically post to facebook how do i stop it',
    'how do i stop sharing my insta posts to fb',
    'is whatsapp connected to my facebook',
    'if i delete facebook does my instagram get deleted',
    'are facebook and instagram connected',
  ])('does not take %j from the topic that answers it', (question) => {
    const withoutFaq = index.search(question).answer;
    expect(withoutFaq?.kind).toBe('topic');
    expect(index.search(question, { guildId: GUILD }).answer).toMatchObject({
      kind: 'topic',
      id: withoutFaq?.id,
    });
  });
});

describe('GuildFaqIndex', () => {
  it('forgets every term of a removed entry, its question pairs in either order included', () => {
    const guild = new GuildFaqIndex();
    const entry = faqEntry(
      { guildId: GUILD, id: '1', question: 'Sign in to Threads', answer: 'With Instagram.' },
      { topicWeight: () => undefined, faqOnlyWeight: 2 },
    );
    guild.upsert(entry);
    expect(guild.hasTerm('thread login')).toBe(true);
    expect(guild.hasTerm('login thread')).toBe(true);
    guild.remove('1');
    expect([...guild.terms()]).toEqual([]);
    expect(guild.inQuestion('thread')).toBe(false);
  });

  it('ranks a repeated query the same, past its first growth of scratch space', () => {
    const guild = new GuildFaqIndex();
    const weights = { topicWeight: () => undefined, faqOnlyWeight: 2 };
    for (let i = 0; i < 100; i++) {
      const question = i % 3 === 0 ? `Sign in to Threads number ${i}` : `Minecraft event number ${i}`;
      guild.upsert(faqEntry({ guildId: GUILD, id: String(i), question, answer: 'Use Instagram.' }, weights));
    }
    const query = {
      terms: ['login', 'thread', 'instagram'],
      weights: [1, 2, 0.5],
      total: 3.5,
      totalWithPairs: 3.5,
    };
    const blend = (coverage: number, closeness: number) => 0.7 * coverage + 0.3 * closeness;
    const first = guild.rank(query, blend, 0.3, 5);
    expect(first).toHaveLength(5);
    expect(first[0]!.coverage).toBeCloseTo(1);
    expect(guild.rank(query, blend, 0.3, 5)).toEqual(first);
  });
});
