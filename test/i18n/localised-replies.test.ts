/**
 * Who reads what, in which language: an error in the language of the person who caused it; an
 * /ask answer, its buttons and what they open in the answer's language (whoever clicks); the
 * bot's own posts in a server (scheduled tips, review cards) in the server's language, a
 * moderator's `/faq config language` winning over Discord's guild_locale.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { formatCalendarDate } from '../../src/i18n/format.js';
import { t } from '../../src/i18n/messages.js';
import type { QuestionIndex, SearchResult } from '../../src/search/types.js';
import { AS_MODERATOR, buttonIds, click, faqConfig, replyOf, suggest, textOf } from '../faq/faq-flow.js';
import { createTestApp, TEST_CHANNEL_ID, TEST_GUILD_ID, type TestApp } from '../support/test-app.js';
import { ManualClock } from '../tips/manual-clock.js';

const SMALL_KNOWLEDGE = fileURLToPath(new URL('../fixtures/knowledge-small', import.meta.url));
const REVIEW_CHANNEL = '200000000000000077';

const apps: TestApp[] = [];
async function start(options: Parameters<typeof createTestApp>[0] = {}) {
  const app = await createTestApp(options);
  apps.push(app);
  return app;
}
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

/** The app's search, answering as if every question were written in `locale`. */
function answeringIn(app: TestApp, locale: SearchResult['locale']): void {
  const search = app.services.search;
  const stub: QuestionIndex = {
    ...search,
    search: (question, options) => ({ ...search.search(question, options), locale }),
    completeTopics: (...args) => search.completeTopics(...args),
    completeFaq: (...args) => search.completeFaq(...args),
    upsertFaq: (doc) => search.upsertFaq(doc),
    removeFaq: (guildId, id) => search.removeFaq(guildId, id),
  };
  Object.assign(app.services, { search: stub });
}

describe('errors and notices', () => {
  it('are written in the language of the person who caused them', async () => {
    const app = await start();
    const empty = replyOf(await app.run('ask', { question: '   ' }, { ctx: { locale: 'de' } }));
    expect(empty).toEqual({ content: t('de', 'ask.empty'), ephemeral: true });
    expect(empty.content).not.toBe(t('en-US', 'ask.empty'));
    const notModerator = textOf(await app.run('faq', {}, { subcommand: 'review', ctx: { locale: 'es-ES' } }));
    expect(notModerator).toBe(t('es-ES', 'permissions.faqModeratorOnly'));
    expect(notModerator).toContain(
      `/${t('es-ES', 'commands.faq.name')} ${t('es-ES', 'commands.faq.options.config.name')}`,
    );
  });

  it('show commands under the names the reader sees in Discord', () => {
    expect(t('es-ES', 'ask.offTopic')).toContain(`\`/${t('es-ES', 'commands.topics.name')}\``);
    expect(t('es-ES', 'commands.topics.name')).not.toBe('topics');
    expect(t('en-US', 'ask.offTopic')).toContain('`/topics`');
  });
});

describe('an /ask answer', () => {
  it("is written in the answer's language, and its buttons answer in it whoever clicks", async () => {
    const app = await start({ env: { ASK_COOLDOWN_SECONDS: '0' } });
    answeringIn(app, 'pt-BR');
    const answer = replyOf(await app.run('ask', { question: 'are facebook and instagram connected' }));
    const embed = answer.embeds?.[0];
    const topic = app.services.library.in('pt-BR').topic('overview')!;
    expect(embed?.footer).toBe(
      t('pt-BR', 'answer.footer', { date: formatCalendarDate('pt-BR', topic.reviewed) }),
    );
    expect(embed?.fields?.[0]?.name).toBe(t('pt-BR', 'common.sources'));
    const ids = buttonIds(await app.run('ask', { question: 'how do ads follow me from fb to insta' }));
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => id.endsWith(':~pt-BR'))).toBe(true);

    // A German member clicks a button under the Portuguese answer: the topic opens in Portuguese.
    const section = ids.find((id) => id.startsWith('ask:section:'))!;
    const opened = replyOf(await click(app, section, { locale: 'de' }));
    const shown = app.services.library.in('pt-BR').topic(section.split(':')[2]!)!;
    expect(opened.embeds?.[0]?.footer).toBe(
      t('pt-BR', 'answer.footer', { date: formatCalendarDate('pt-BR', shown.reviewed) }),
    );
    const whole = (opened.buttons ?? [])
      .flat()
      .find((b) => 'customId' in b && b.customId.startsWith('ask:full:'));
    expect(whole?.label).toBe(t('pt-BR', 'answer.allAbout', { label: shown.label }));
  });

  it('offers did-you-mean buttons and refusals in the answer language', async () => {
    const app = await start();
    answeringIn(app, 'fr');
    const refused = replyOf(await app.run('ask', { question: 'what is the weather in paris tomorrow' }));
    expect(refused.ephemeral).toBe(true);
    const kinds = app.services.library.in('fr').outOfScope.map((k) => k.reply);
    expect([t('fr', 'ask.offTopic'), t('fr', 'ask.notConfident'), ...kinds]).toContain(refused.content);
    expect(refused.content).not.toBe(t('en-US', 'ask.offTopic'));
  });
});

describe("the server's language", () => {
  it("posts scheduled tips in the server's Discord language, and in the one a moderator chose over it", async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T12:00:00Z'));
    const app = await start({ env: { KNOWLEDGE_DIR: SMALL_KNOWLEDGE }, clock });
    app.outbox.guildLocales.set(TEST_GUILD_ID, 'de');
    await app.run(
      'privacy-tips',
      { channel: TEST_CHANNEL_ID, cron: '0 13 * * *' },
      { subcommand: 'schedule', ctx: AS_MODERATOR },
    );
    app.services.tips.start();
    await clock.advanceTo('2026-11-25T13:00:00Z');
    await app.services.tips.idle();
    const german = app.outbox.posts[0]?.reply.embeds?.[0];
    expect(german?.title).toMatch(new RegExp(`^${t('de', 'tip.title', { title: '' })}`));
    expect(german?.fields?.[0]?.name).toBe(t('de', 'tip.whereToFind'));

    const set = textOf(
      await faqConfig(app, 'language', { language: 'id' }, { ...AS_MODERATOR, locale: 'fr' }),
    );
    expect(set).toBe(t('fr', 'faq.languageSet', { language: t('fr', 'languages.id') }));
    await clock.advanceTo('2026-11-26T13:00:00Z');
    await app.services.tips.idle();
    expect(app.outbox.posts[1]?.reply.embeds?.[0]?.fields?.[0]?.name).toBe(t('id', 'tip.whereToFind'));

    // Back to the server's own language in Discord.
    const follow = textOf(await faqConfig(app, 'language', { language: 'server' }, AS_MODERATOR));
    expect(follow).toBe(t('en-US', 'faq.languageFollowsServer', { language: t('en-US', 'languages.de') }));
    expect(await app.services.language.of(TEST_GUILD_ID)).toBe('de');
  });

  it("announces suggestions in the review channel in the server's language, and the card stays in it when decided", async () => {
    const app = await start();
    app.outbox.guildLocales.set(TEST_GUILD_ID, 'es-419');
    await faqConfig(app, 'review-channel', { channel: REVIEW_CHANNEL }, AS_MODERATOR);
    await suggest(app);
    const card = app.outbox.posts.find((p) => p.channelId === REVIEW_CHANNEL)!;
    const approve = (card.reply.buttons ?? [])
      .flat()
      .find((b) => 'customId' in b && b.customId.startsWith('faq:approve:'));
    expect(approve && 'customId' in approve && approve.customId).toMatch(/:~es-ES$/);
    expect(approve?.label).toBe(t('es-ES', 'faq.card.approve'));

    // An English-speaking moderator approves on the card: the card stays Spanish.
    const decided = replyOf(
      await click(
        app,
        (approve as { customId: string }).customId,
        { ...AS_MODERATOR, locale: 'en-US' },
        card.messageId,
      ),
    );
    expect(decided.embeds?.[0]?.title).toBe(
      t('es-ES', 'faq.card.resolvedTitle', { id: 1, outcome: t('es-ES', 'faq.statusInTitle.approved') }),
    );
  });
});
