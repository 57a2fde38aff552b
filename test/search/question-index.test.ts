import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/paths.js';
import { createQuestionIndex } from '../../src/search/question-index.js';
import type { QuestionIndex, SearchResult } from '../../src/search/types.js';

let index: QuestionIndex;
beforeAll(async () => {
  index = createQuestionIndex(await loadKnowledge(DEFAULT_KNOWLEDGE_DIR));
});

const answerOf = (question: string) => index.search(question).answer?.id ?? null;

function expectRefusal(result: SearchResult): void {
  expect(result.answer).toBeNull();
  expect(result.alternatives).toEqual([]);
}

describe('question matching over the knowledge base', () => {
  it('answers the headline question with the overview', () => {
    expect(answerOf('are facebook and instagram connected')).toBe('overview');
  });

  it("answers a general question with the broad topic's lead, not one of its sections", () => {
    for (const question of [
      'are facebook and instagram connected',
      'fb and ig',
      'is insta part of facebook',
    ]) {
      const { answer } = index.search(question);
      expect(answer?.id, question).toBe('overview');
      expect(answer?.kind === 'topic' && answer.section, question).toBeNull();
    }
  });

  it.each([
    ['facebok and instgram conected?', 'overview'],
    ['privasy', 'privacy'],
    ['did facebookk aquire instagram', 'ownership'],
  ])('understands typos: %s', (question, topic) => {
    expect(answerOf(question)).toBe(topic);
  });

  it('leaves everyday words alone: they are not slips for a topic word or an app name', () => {
    // "threat" is one letter from "thread", "shoes" from "shops": both are words of their own.
    for (const question of ['someone sent me a threat on facebook', 'threat on instagram from a stranger']) {
      expect(answerOf(question), question).not.toBe('threads');
      expect(index.search(question).answer?.id, question).not.toBe('account-deletion');
    }
    expect(index.search('i wear brown shoes').answer).toBeNull();
    // A slip that is no word of its own is still corrected.
    expect(answerOf('is thrads part of instagram')).toBe('threads');
  });

  it.each([
    ['did fb buy insta', 'ownership'],
    ['can i dm fb friends from ig', 'messaging'],
    ['msgr and ig direct', 'messaging'],
    ['ads on the gram', 'advertising'],
  ])('understands abbreviations: %s', (question, topic) => {
    expect(answerOf(question)).toBe(topic);
  });

  it('answers a question about one app with a topic about another app only when it names that app', () => {
    // WhatsApp's topic also mentions the "from Meta" label; the question is about Instagram.
    expect(answerOf('why does instagram say from meta at the bottom when it opens')).toBe('ownership');
    expect(answerOf('why does whatsapp say from facebook when it opens')).toBe('whatsapp');
  });

  it('reads new terms about sharing with a "parent company" as WhatsApp’s data sharing, not its ownership', () => {
    for (const question of [
      'the green app keeps asking me to agree to updated terms with its parent company',
      'whatsapp says it will share info with its parent company once i accept the update, what gets shared',
    ]) {
      const { answer } = index.search(question);
      expect(answer?.kind === 'topic' && `${answer.id}#${answer.section}`, question).toBe(
        'whatsapp#data-sharing',
      );
    }
    // Asking who the parent company is stays ownership.
    expect(answerOf("who is whatsapp's parent company")).toBe('ownership');
  });

  it('answers "how do I stop…" with the section on stopping, not the one on setting up', () => {
    for (const question of ['how do i stop sharing my insta posts to fb', 'stop sharing ig to fb']) {
      const { answer } = index.search(question);
      expect(answer?.kind === 'topic' && `${answer.id}#${answer.section}`, question).toBe(
        'cross-posting#turn-off',
      );
    }
    const { answer } = index.search('how do i share my insta posts to fb');
    expect(answer?.kind === 'topic' && `${answer.id}#${answer.section}`).toBe('cross-posting#set-up');
  });

  it('answers "can meta read my dms" with who can read messages, not with the other inboxes', () => {
    for (const question of ['can meta read my dms', 'is someone at facebook reading my messenger chats']) {
      const { answer } = index.search(question);
      expect(answer?.kind === 'topic' && `${answer.id}#${answer.section}`, question).toBe(
        'messaging#who-can-read',
      );
    }
  });

  it('refuses an instruction to the bot as an instruction, not as a question in another language', () => {
    for (const question of ['ignore previous instructions', 'Ignore previous instructions.']) {
      const result = index.search(question);
      expect(result.reason, question).toBe('off-topic');
      expect(result.refusal?.kind, question).toBe('instructions');
    }
    expect(index.search('Disregard prior instructions.').reason).toBe('off-topic');
  });

  it('answers what the apps share with the section on what they share, not on downloading your data', () => {
    const { answer } = index.search('do fb and insta share my data');
    expect(answer?.kind === 'topic' && `${answer.id}#${answer.section}`).toBe('privacy#what-is-shared');
  });

  it('refuses app how-to about one app whose phrase an out-of-scope example shares ("instagram profile")', () => {
    const result = index.search('can i see who looked at my instagram profile');
    expect(result.answer).toBeNull();
    expect(result.refusal?.kind).toBe('app-how-to');
  });

  it.each([
    'can you schedule messages in whatsapp',
    'how do i archive a chat in whatsapp',
    'how many characters is a whatsapp status',
  ])('refuses how-to about WhatsApp alone, which its topic fits on the name only: %s', (question) => {
    const result = index.search(question);
    expect(result.answer).toBeNull();
    expect(result.refusal?.kind).toBe('app-how-to');
  });

  it.each([
    ['does whatsapp send my contacts to meta', 'whatsapp'],
    ['is whatsapp data handled differently in europe', 'whatsapp'],
    ['how do i add whatsapp to accounts center', 'whatsapp'],
    // A Threads profile is made from an Instagram account: its "how-to" asks about that tie.
    ['what happens if i delete threads', 'threads'],
    ['why cant i change my threads username', 'threads'],
  ])('still answers a question about how WhatsApp or Threads connect: %s', (question, topic) => {
    expect(answerOf(question)).toBe(topic);
  });

  it('refuses to help break into someone else’s account, and still helps a hacked asker', () => {
    for (const question of [
      "can u hack my gf's insta password",
      "how do i hack someone's instagram",
      // Read as a break-in, a topic that fits it only in part does not answer it.
      "how do i hack my kid's facebook to see who he talks to",
    ])
      expect(answerOf(question), question).toBeNull();
    expect(answerOf('my insta got hacked how do i get it back')).toBe('account-security');
    expect(answerOf('can someone hack my instagram through facebook')).toBe('account-security');
  });

  it('reads an abbreviated Accounts Center as Accounts Center', () => {
    expect(answerOf('accnts centre where is it on insta')).toBe('shared-login');
  });

  it('gives the same answer whatever the word order', () => {
    expect(answerOf('instagram facebook connected')).toBe('overview');
    expect(answerOf('connected facebook instagram')).toBe('overview');
  });

  it("answers a person's death with memorialisation, and a phone or app that died with something else", () => {
    for (const question of [
      'my grandpa died today, what happens to his facebook',
      'can i log into my dead dads facebook',
      'what is a legacy contact',
      'what happens to my instagram when i die',
    ]) {
      expect(answerOf(question), question).toBe('memorialisation');
    }
    for (const question of [
      'my phone died and now i cant log into insta',
      'done with fb for good, nuking it. does my insta die with it',
      'insta and wa both dead rn',
      'whats gonna happen to facebook in the future',
    ]) {
      expect(answerOf(question), question).not.toBe('memorialisation');
    }
  });

  it('refuses small talk that shares a word with a topic ("going"), and still answers one-word "friends"', () => {
    for (const question of ["how's it going", "hey bot how's your day going"]) {
      expectRefusal(index.search(question));
    }
    expect(answerOf('friends')).toBe('contacts');
  });

  it('settles a near tie between two topics for the one the question names by its subject', () => {
    // Privacy and advertising both cover activity from other apps; the question names ads.
    expect(answerOf('instagram ads from facebook activity')).toBe('advertising');
    // An app never names its topic: every question about how Threads connects names Threads.
    expect(answerOf('do threads and instagram share a password')).toBe('shared-login');
    expect(answerOf('how do you start a whatsapp channel for my business')).toBeNull();
    // A third topic close behind leaves the tie unsettled: offered, not answered.
    expect(answerOf('why does threads use my shop from fb')).toBeNull();
  });

  it('answers one-word questions', () => {
    expect(answerOf('linked??')).toBe('overview');
    expect(answerOf('metaverse')).toBe('future');
  });

  it('answers a long rambling question by what it is about', () => {
    const question =
      'so my aunt told me yesterday that facebook basically owns instagram now and i was wondering ' +
      'whether that is true and when it happened because she said it was years ago';
    expect(answerOf(question)).toBe('ownership');
  });

  it.each([
    'what movie should I watch',
    'how do I change a car tyre',
    'hello',
    'what is the best pizza topping',
  ])('refuses the off-topic question "%s" without suggesting a topic', (question) => {
    expectRefusal(index.search(question));
  });

  it.each([
    ['can customers pay inside the app', 'shopping'],
    ['phonebook', 'contacts'],
    ['im worried about linking my accounts', 'privacy'],
    ['two step verification for fb and ig', 'account-security'],
    ['when fb goes down does insta go down too', 'infrastructure'],
    ['too many adds on insta', 'advertising'],
    ['any rumours about meta merging the apps', 'future'],
    ['who does instagram belong to', 'ownership'],
    ['can i buy things on instagram', 'shopping'],
  ])("understands everyday words for a topic's concepts: %s", (question, topic) => {
    expect(answerOf(question)).toBe(topic);
  });

  it.each([
    'recommend a book',
    'suggest a song',
    'what is an api',
    'what is a data center',
    'how do servers work',
    'who owns tiktok',
    'how do i sell stuff on ebay',
  ])('does not let a common word carry the off-topic question "%s" onto a topic', (question) => {
    expect(index.search(question).answer).toBeNull();
  });

  it('reads a company an out-of-scope kind names as that name, never as a slip for a topic word', () => {
    // "pinterest" is one letter from "interest" (ad targeting): it must stay Pinterest.
    expect(index.search('is pinterest a meta company')).toMatchObject({
      answer: null,
      reason: 'off-topic',
      refusal: { kind: 'other-company' },
    });
  });

  it.each([
    ['will threads replace twitter and join instagram', 'future'],
    ['a guy on tiktok said instagram and facebook are merging into one app, is that real', 'future'],
    ['someone on reddit said whatsapp shares my data with facebook, is that true', 'whatsapp'],
  ])('answers a question about Meta’s apps that names another company in passing: %s', (question, topic) => {
    expect(answerOf(question)).toBe(topic);
  });

  it.each([
    ['someone on discord says he can recover my instagram', 'account-security'],
    ['a guy on discord says he can recover my account for $50', 'account-security'],
    ['someone on discord is pretending to be me on instagram', 'account-security'],
  ])('reads Discord as where people talk, not the subject, and answers: %s', (question, topic) => {
    // The bot lives in Discord servers: a recovery-scam question there must never be refused.
    expect(answerOf(question)).toBe(topic);
  });

  it.each([
    'what is kevin systrom doing now',
    'is kevin systrom still a billionaire',
    // "day" is a word the ownership text uses in passing, not one of its own.
    'what is kevin systrom doing these days',
  ])('refuses a question about a person that names none of the apps: %s', (question) => {
    expect(index.search(question)).toMatchObject({ answer: null, refusal: { kind: 'people' } });
  });

  it('refuses a chit-chat question with laughter after it, as it refuses the question alone', () => {
    expect(index.search('who made you lol')).toMatchObject({ answer: null, refusal: { kind: 'chit-chat' } });
    expect(index.search('who made you lmaooo')).toMatchObject({
      answer: null,
      refusal: { kind: 'chit-chat' },
    });
    // Laughter alone is still the chit-chat example it is.
    expect(index.search('lol')).toMatchObject({ answer: null, refusal: { kind: 'chit-chat' } });
    expect(answerOf('who made instagram lol')).toBe('ownership');
  });

  it.each([
    ['who founded instagram', 'ownership'],
    // A word of the topic's own beside the name: the owner, what was paid.
    ['is mark zuckerberg the owner', 'ownership'],
    ['how much did zuck pay kevin systrom', 'ownership'],
    ['did zuckerberg buy whatsapp', 'whatsapp'],
  ])(
    'answers a question about a person that an app or the topic’s own words tie to the subject: %s',
    (question, topic) => {
      expect(answerOf(question)).toBe(topic);
    },
  );

  it.each([
    ['will instagram and facebook become one', 'future'],
    ['are fb and insta becoming one app', 'future'],
    ['i keep hearing they will all become one thing eventually, is that true', 'future'],
    // "Become" alone stays a word of its own: a rename, not a merger.
    ['when did facebook become meta', 'ownership'],
  ])('reads two apps that "become one" as merging, and hearsay as no subject: %s', (question, topic) => {
    expect(answerOf(question)).toBe(topic);
  });

  it.each([
    // Hacked accounts post crypto scams and "recovery services" ask for crypto: the word names
    // no financial question by itself.
    [
      "my little brother's insta got hacked and it's posting crypto scams, a guy says he can get it back for $50",
      'account-security',
    ],
    ['someone got into my fb and now its posting crypto stuff to my friends', 'account-security'],
  ])('answers an account-security question that mentions crypto: %s', (question, topic) => {
    expect(answerOf(question)).toBe(topic);
  });

  it.each([
    ['how to conect my instagram shop to my facebok catalouge', 'shopping'],
    ['my insta shop says out of stock but my facebook shop doesnt', 'shopping'],
  ])('answers a shop question whose catalogue words are no finance question: %s', (question, topic) => {
    expect(answerOf(question)).toBe(topic);
  });

  it.each(['should i buy crypto', 'whatever happened to facebooks libra coin', 'is diem still a thing'])(
    'still refuses a question about crypto as an investment or Meta’s coin: %s',
    (question) => {
      expect(index.search(question)).toMatchObject({ answer: null, refusal: { kind: 'finance' } });
    },
  );

  it.each([
    ['whats the deal with fb and ig', 'overview'],
    ['is ig its own thing or basically just fb', 'overview'],
    // A deal that is a purchase stays one, and "its own company" is the company Instagram was.
    ['instagram has a deal with facebook, how much was it', 'ownership'],
    ['how much was the deal with facebook for instagram', 'ownership'],
    ['what is the deal with instagram and facebook', 'overview'],
    ['was instagram its own company before facebook', 'ownership'],
  ])('reads "the deal with" and "its own thing" as how the apps relate: %s', (question, topic) => {
    expect(answerOf(question)).toBe(topic);
  });

  it.each([
    [
      'so last year i gave the app access to my phone numbers and honestly i regret it now, can i make them forget all those numbers',
      'contacts',
    ],
    [
      'my account got disabled out of nowhere this morning and the screen says i have some days to disagree with it, what now',
      'account-security',
    ],
    // Two topics fit, one clearly better (a lead of 0.1 or more).
    [
      'got a notice that my settings for all my profiles are in one place now. does that mean stuff i do on one is visible on the other one',
      'privacy',
    ],
  ])('answers a long story that only one topic fits, or one clearly best: %s', (question, topic) => {
    expect(answerOf(question)).toBe(topic);
  });

  it.each([
    'hey guys how are you all doing today, i hope everyone is having a really nice and relaxing weekend',
    'i just got a new phone and i want to know how to make my camera take better photos at night for my posts',
  ])('refuses a long question that is not ours before any length rule is asked: %s', (question) => {
    expect(index.search(question)).toMatchObject({ answer: null, reason: 'off-topic' });
  });

  it('offers topics, not an answer, for a long question that two topics fit within 0.1 of each other', () => {
    // Advertising leads privacy by about 0.05: enough for a short question's lead, not a story's.
    const result = index.search(
      'I keep seeing things in my feed that relate to stuff I only ever did on the other app. how do I stop my apps swapping info about me?',
    );
    expect(result).toMatchObject({ answer: null, reason: 'not-confident' });
    expect(result.alternatives.map((hit) => hit.id)).toEqual(
      expect.arrayContaining(['advertising', 'privacy']),
    );
  });

  it('answers "browsed something on one app and the other one shows it" as an ad following you', () => {
    expect(
      index.search('i browsed some headphones on one app and then the other app kept showing me headphones')
        .answer,
    ).toMatchObject({
      id: 'advertising',
      section: 'ads-follow-you',
    });
  });

  it('reads reels or stories that also land on Facebook as two apps named (cross-posting), and one app alone as how-to', () => {
    expect(answerOf('someone told me my reels can go straight to fb too, how')).toBe('cross-posting');
    for (const question of [
      'how do i post a story on facebook',
      'how do i see who viewed my story on fb',
      'i keep my stories on facebook private, how do i share them',
      'my facebook reels keep going viral',
    ]) {
      expect(index.search(question), question).toMatchObject({
        answer: null,
        refusal: { kind: 'app-how-to' },
      });
    }
  });

  it('offers topics for a question naming two apps that how-to wording fits loosely, and refuses one it fits clearly', () => {
    // Two apps named: it asks how they relate, so the app how-to kind does not refuse it.
    const loose = index.search('does crossposting from insta to fb hurt my reach on both');
    expect(loose).toMatchObject({ answer: null, reason: 'not-confident' });
    expect(loose.alternatives[0]?.id).toBe('cross-posting');
    expect(index.search('how do i turn on dark mode in instagram and facebook')).toMatchObject({
      answer: null,
      refusal: { kind: 'app-how-to' },
    });
  });

  it("refuses a question about this server's own events, and still answers a banned account", () => {
    expect(index.search('when is the next server giveaway')).toMatchObject({
      refusal: { kind: 'this-server' },
    });
    expect(answerOf('my instagram got banned')).toBe('account-security');
  });

  it.each([
    'my discord account got hacked, how do i get it back',
    'does meta own discord',
    'how do i mute someone on discord',
  ])('still refuses a question about Discord itself: %s', (question) => {
    expect(index.search(question)).toMatchObject({ answer: null, reason: 'off-topic' });
  });

  it.each([
    'who owns youtube, meta or google?',
    'how do i delete my tiktok',
    'can i share my tiktok to instagram',
    // Its words cover the overview's well ("part of facebook"), but the question is about Snapchat.
    'is snapchat part of facebook now',
    // Another company's content sent to two of Meta's apps is about that company, not an aside.
    'can i post my tiktoks to instagram and facebook automatically',
  ])('still refuses a question about another company, even beside a Meta app: %s', (question) => {
    expect(index.search(question)).toMatchObject({ answer: null, refusal: { kind: 'other-company' } });
  });

  it('answers a well-matched question even when a neighbouring topic scores close behind', () => {
    const { answer, alternatives } = index.search('ads on instagram stories from facebook pages');
    expect(answer?.id).toBe('advertising');
    expect(answer!.score - alternatives[0]!.score).toBeLessThan(0.015);
  });

  it("answers with a server's own FAQ entry a question that a kind of refusal would otherwise take", () => {
    const question = 'how do i switch my threads feed to following';
    expect(index.search(question, { guildId: 'guild-with-entry' })).toMatchObject({
      answer: null,
      reason: 'off-topic',
      refusal: { kind: 'app-how-to' },
    });
    index.upsertFaq({
      guildId: 'guild-with-entry',
      id: '41',
      question: 'How do I switch my Threads feed to Following?',
      answer: 'Tap the Threads logo at the top of the feed and choose Following.',
    });
    expect(index.search(question, { guildId: 'guild-with-entry' }).answer).toMatchObject({
      kind: 'faq',
      id: '41',
    });
    // Other servers did not approve it: there the question stays a refusal.
    expect(index.search(question, { guildId: 'another-guild' })).toMatchObject({
      answer: null,
      reason: 'off-topic',
    });
    index.removeFaq('guild-with-entry', '41');
  });

  it('offers up to three "did you mean" topics when no topic is a confident answer', () => {
    const { answer, alternatives } = index.search('what about the apps');
    expect(answer).toBeNull();
    expect(alternatives.length).toBeGreaterThan(0);
    expect(alternatives.length).toBeLessThanOrEqual(3);
    for (const alt of alternatives) expect(alt.kind).toBe('topic');
  });

  it('lists alternatives best first, never repeating the answer', () => {
    const { answer, alternatives } = index.search('can i dm fb friends from ig');
    expect(answer).not.toBeNull();
    expect(alternatives.map((a) => a.id)).not.toContain(answer?.id);
    const scores = [answer!.score, ...alternatives.map((a) => a.score)];
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const score of scores) expect(score).toBeGreaterThanOrEqual(0);
    for (const score of scores) expect(score).toBeLessThanOrEqual(1);
  });
});
