import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headlineReply } from '../../commands/connected.js';
import { formatCalendarDate } from '../../src/i18n/format.js';
import { translator } from '../../src/i18n/messages.js';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { ANSWER_BUDGETS, DISCORD_LIMITS } from '../../src/replies/limits.js';
import { discordLength } from '../../src/replies/text-length.js';
import { fullTopicButtonId, topicButtonId } from '../../src/replies/topic-reply.js';
import type { QuestionIndex } from '../../src/search/types.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import {
  buttonIds,
  expectWithinDiscordLimits,
  messageReply,
  replyText,
  syntheticTopic,
} from './reply-checks.js';

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
});

afterAll(async () => {
  await app.close();
});

const topic = (id: string) => {
  const found = app.services.knowledge.topic(id);
  if (!found) throw new Error(`knowledge base has no topic ${id}`);
  return found;
};

function autocomplete(value: string) {
  return app.dispatcher.autocomplete(app.context(), 'connected', {
    subcommand: null,
    subcommandGroup: null,
    options: { aspect: value },
    focused: { name: 'aspect', value },
  });
}

describe('/connected without an aspect', () => {
  it('answers publicly with the overview, which says yes', async () => {
    const reply = messageReply(await app.run('connected'));
    const overview = topic('overview');
    expect(reply.ephemeral).toBeFalsy();
    expect(reply.embeds?.[0]?.title).toBe(overview.title);
    expect(reply.embeds?.[0]?.description).toBe(overview.lead);
    expect(reply.embeds?.[0]?.description).toMatch(/\byes\b/i);
    // The whole headline, everything a reader sees, fits one phone screen.
    expect(discordLength(replyText({ ...reply, buttons: [] }))).toBeLessThanOrEqual(
      ANSWER_BUDGETS.headlineVisible,
    );
  });

  it('offers a button to open every other topic, and one for the whole overview', async () => {
    const reply = messageReply(await app.run('connected'));
    const aspects = app.services.knowledge.topics.filter((t) => t.id !== 'overview');
    for (const aspect of aspects) {
      expect(buttonIds(reply)).toContain(topicButtonId(aspect.id, 'en-US'));
    }
    expect(buttonIds(reply)).toContain(fullTopicButtonId('overview', 'en-US'));
  });

  it("lists the overview's sources as Markdown links and the review date in the footer", async () => {
    const reply = messageReply(await app.run('connected'));
    const overview = topic('overview');
    const sources = reply.embeds?.[0]?.fields?.find((f) => f.name === 'Sources')?.value ?? '';
    for (const source of overview.sources) expect(sources).toContain(`[${source.title}](${source.url})`);
    expect(reply.embeds?.[0]?.footer).toBe(
      `Last reviewed ${formatCalendarDate('en-US', overview.reviewed)} · /topics for more`,
    );
  });

  it('stays within every Discord limit and mentions nobody', async () => {
    expectWithinDiscordLimits(messageReply(await app.run('connected')), '/connected');
  });

  it('keeps within the limits even when the knowledge base grows far beyond today', () => {
    const topics = [
      syntheticTopic(0, { id: 'overview' }),
      ...Array.from({ length: 40 }, (_, i) => syntheticTopic(i + 1)),
    ];
    const reply = headlineReply(new KnowledgeBase(topics, []), translator('en-US'));
    expectWithinDiscordLimits(reply, 'headline with 40 aspects');
    expect(reply.embeds?.[0]?.description).toBe(topics[0]?.lead);
  });
});

describe('/connected aspect', () => {
  it('answers every topic with its short answer, a way to the whole topic and its sections, and related topics', async () => {
    for (const t of app.services.knowledge.topics) {
      const reply = messageReply(await app.run('connected', { aspect: t.id }));
      expect(reply.ephemeral, t.id).toBeFalsy();
      expect(reply.embeds?.[0]?.title, t.id).toBe(t.title);
      expect(reply.embeds?.[0]?.description, t.id).toBe(t.lead);
      expect(buttonIds(reply), t.id).toContain(fullTopicButtonId(t.id, 'en-US'));
      expect(
        buttonIds(reply).filter((id) => id.startsWith('ask:topic:')),
        t.id,
      ).toEqual(t.related.slice(0, 3).map((id) => topicButtonId(id, 'en-US')));
      expectWithinDiscordLimits(reply, `/connected aspect:${t.id}`);
    }
  });

  it('accepts a topic by its short name, whatever the case', async () => {
    const reply = messageReply(await app.run('connected', { aspect: 'Shared Login' }));
    expect(reply.embeds?.[0]?.title).toBe(topic('shared-login').title);
  });

  it('understands everyday words for an aspect, such as "ads"', async () => {
    const reply = messageReply(await app.run('connected', { aspect: 'ads' }));
    expect(reply.embeds?.[0]?.title).toBe(topic('advertising').title);
  });

  it('answers an unknown aspect privately, quoting it and offering only real topics', async () => {
    for (const aspect of ['zzqx', 'pizza recipe', '@everyone `rm -rf`']) {
      const reply = messageReply(await app.run('connected', { aspect }));
      expect(reply.ephemeral, aspect).toBe(true);
      expect(reply.content, aspect).toMatch(/^I don't know an aspect called `[^`]+`/);
      expect(buttonIds(reply).length).toBeLessThanOrEqual(3);
      for (const id of buttonIds(reply)) {
        expect(app.services.knowledge.topic(id.replace(/^ask:topic:/, '')), id).toBeDefined();
      }
      expectWithinDiscordLimits(reply, aspect);
    }
  });

  it('suggests the closest topics as buttons when the aspect is not recognised', async () => {
    const search: QuestionIndex = {
      ...app.services.search,
      search: () => ({ locale: 'en-US', answer: null, alternatives: [] }),
      completeTopics: () => [
        { kind: 'topic', id: 'advertising', title: topic('advertising').title, score: 0.5 },
        { kind: 'topic', id: 'privacy', title: topic('privacy').title, score: 0.4 },
      ],
    };
    const ctx = { ...app.context(), services: { ...app.services, search } };
    const input = { subcommand: null, subcommandGroup: null, options: { aspect: 'advertsing stuff' } };
    const reply = messageReply(
      await app.dispatcher.handle(ctx, { type: 'command', command: 'connected', input }),
    );
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe(
      "I don't know an aspect called `advertsing stuff`. Did you mean one of these?",
    );
    expect(buttonIds(reply)).toEqual([
      topicButtonId('advertising', 'en-US'),
      topicButtonId('privacy', 'en-US'),
    ]);
  });

  it('treats an aspect made only of control characters as no aspect at all', async () => {
    const reply = messageReply(await app.run('connected', { aspect: '\u0000\u0007 ' }));
    expect(reply.embeds?.[0]?.title).toBe(topic('overview').title);
  });
});

describe('/connected aspect autocomplete', () => {
  it('offers topics for an empty query, each value a topic id', async () => {
    const choices = await autocomplete('');
    expect(choices.length).toBeGreaterThan(0);
    for (const choice of choices) expect(app.services.knowledge.topic(choice.value)).toBeDefined();
  });

  it('puts the topic being typed first', async () => {
    expect((await autocomplete('advert'))[0]?.value).toBe('advertising');
    expect((await autocomplete('shared'))[0]?.value).toBe('shared-login');
  });

  it('never exceeds 25 choices or 100-character names, whatever is typed', async () => {
    const inputs = ['', 'a', 'e', 'face', 'x'.repeat(4000), '🙂', 'مرحبا', "!^='$|", '\u0000'];
    for (const value of inputs) {
      const choices = await autocomplete(value);
      expect(choices.length).toBeLessThanOrEqual(DISCORD_LIMITS.autocompleteChoices);
      for (const choice of choices) {
        expect(choice.name.length).toBeGreaterThan(0);
        expect(choice.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.choiceName);
        expect(choice.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.choiceValue);
      }
    }
  });
});

describe('/connected definition', () => {
  it('has one optional, autocompleted aspect option', () => {
    const definition = app.dispatcher.command('connected')?.definition;
    expect(definition?.options).toEqual([
      expect.objectContaining({ name: 'aspect', required: false, autocomplete: true }),
    ]);
  });
});
