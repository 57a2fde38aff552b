/**
 * Every interaction through the dispatcher is counted by command, type and outcome, with its
 * handling time, and an /ask question's confidence is observed: the outcome comes from what the
 * handlers already do (the search's reason, a cooldown, a UserError, a fault).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext, CommandModule } from '../../commands/types.js';
import { Dispatcher } from '../../src/dispatch.js';
import { UNKNOWN_COMMAND } from '../../src/ops/metrics.js';
import { UserError } from '../../src/replies/user-error.js';
import type { QuestionIndex, SearchResult } from '../../src/search/types.js';
import { metricValue } from '../support/metric-values.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;
let nextUser = 1;

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const freshUser = () => ({ id: String(320_000_000_000_000_000n + BigInt(nextUser++)), displayName: 'asker' });

const interactions = (labels: Record<string, string>) =>
  metricValue(app.metrics, 'metabot_interactions_total', labels);

/** Runs `act` and returns how much the interactions counter with `labels` moved. */
async function counted(labels: Record<string, string>, act: () => Promise<unknown>): Promise<number> {
  const before = await interactions(labels);
  await act();
  return (await interactions(labels)) - before;
}

function ask(question: string) {
  return app.run('ask', { question }, { ctx: { user: freshUser() } });
}

/** /ask through the dispatcher with a search that returns `result`, whatever the question. */
function askWithSearch(result: SearchResult) {
  const real = app.services.search;
  const search: QuestionIndex = {
    search: () => result,
    completeTopics: (...args) => real.completeTopics(...args),
    completeFaq: (...args) => real.completeFaq(...args),
    upsertFaq: (doc) => real.upsertFaq(doc),
    removeFaq: (guildId, id) => real.removeFaq(guildId, id),
  };
  const base = app.context({ user: freshUser() });
  const ctx: CommandContext = { ...base, services: { ...base.services, search } };
  return app.dispatcher.handle(ctx, {
    type: 'command',
    command: 'ask',
    input: { subcommand: null, subcommandGroup: null, options: { question: 'anything' } },
  });
}

describe('interaction outcomes', () => {
  it('counts a question /ask answers as answered, and observes its confidence', async () => {
    const scores = () =>
      metricValue(app.metrics, 'metabot_answer_confidence_ratio_count', { outcome: 'answered' });
    const before = await scores();
    const moved = await counted({ command: 'ask', type: 'command', outcome: 'answered' }, () =>
      ask('did facebook buy instagram'),
    );
    expect(moved).toBe(1);
    expect(await scores()).toBe(before + 1);
    // The score is in [0, 1]: the observation landed at or under the top bucket, above 0.
    const sum = await metricValue(app.metrics, 'metabot_answer_confidence_ratio_sum', {
      outcome: 'answered',
    });
    expect(sum).toBeGreaterThan(0);
  });

  it('counts an off-topic question as refused_off_topic', async () => {
    expect(
      await counted({ command: 'ask', outcome: 'refused_off_topic' }, () => ask('what movie should I watch')),
    ).toBe(1);
  });

  it('counts a question with only close matches as not_confident, with the best offer as its confidence', async () => {
    const offers = () =>
      metricValue(app.metrics, 'metabot_answer_confidence_ratio_bucket', {
        outcome: 'not_confident',
        le: 0.6,
      });
    const before = await offers();
    const moved = await counted({ command: 'ask', outcome: 'not_confident' }, () =>
      askWithSearch({
        locale: 'en-US',
        answer: null,
        reason: 'not-confident',
        alternatives: [{ kind: 'topic', id: 'privacy', title: 'Privacy', score: 0.55 }],
      }),
    );
    expect(moved).toBe(1);
    expect(await offers()).toBe(before + 1);
  });

  it('counts a question in a language the bot does not read as refused_language', async () => {
    const moved = await counted({ command: 'ask', outcome: 'refused_language' }, () =>
      askWithSearch({ locale: 'en-US', answer: null, reason: 'language', alternatives: [] }),
    );
    expect(moved).toBe(1);
  });

  it('counts an empty question, turned away before any search, as user_error', async () => {
    expect(await counted({ command: 'ask', outcome: 'user_error' }, () => ask('   '))).toBe(1);
  });

  it('counts a member asked to wait as cooldown', async () => {
    const user = freshUser();
    const again = () => app.run('ask', { question: 'did facebook buy instagram' }, { ctx: { user } });
    await again();
    expect(await counted({ command: 'ask', outcome: 'cooldown' }, again)).toBe(1);
  });

  it('counts a button for a topic that no longer exists as a user_error of a component', async () => {
    const moved = await counted({ command: 'ask', type: 'component', outcome: 'user_error' }, () =>
      app.dispatcher.handle(app.context(), {
        type: 'component',
        customId: 'ask:topic:gone',
        messageId: null,
      }),
    );
    expect(moved).toBe(1);
  });

  it('counts a handler that throws as a fault, and a /topics reply as answered', async () => {
    const broken: CommandModule = {
      definition: { name: 'topics', description: 'Broken on purpose' },
      run: () => {
        throw new Error('planted fault');
      },
    };
    const faulty = new Dispatcher([broken]);
    const run = () =>
      faulty.handle(app.context(), {
        type: 'command',
        command: 'topics',
        input: { subcommand: null, subcommandGroup: null, options: {} },
      });
    expect(await counted({ command: 'topics', outcome: 'fault' }, run)).toBe(1);
    expect(await counted({ command: 'topics', outcome: 'answered' }, () => app.run('topics'))).toBe(1);
  });

  it('labels a button of a command the bot does not serve "unknown", not with its made-up name', async () => {
    const moved = await counted({ command: UNKNOWN_COMMAND, type: 'component', outcome: 'user_error' }, () =>
      app.dispatcher.handle(app.context(), { type: 'component', customId: 'made-up:x', messageId: null }),
    );
    expect(moved).toBe(1);
    const text = await app.metrics.render();
    expect(text).not.toContain('made-up');
  });

  it('counts a UserError thrown by a handler as user_error', async () => {
    const picky: CommandModule = {
      definition: { name: 'picky', description: 'Refuses' },
      run: () => {
        throw new UserError('ask.empty');
      },
    };
    const dispatcher = new Dispatcher([picky]);
    const input = { subcommand: null, subcommandGroup: null, options: {} };
    const moved = await counted({ command: 'picky', outcome: 'user_error' }, () =>
      dispatcher.handle(app.context(), { type: 'command', command: 'picky', input }),
    );
    expect(moved).toBe(1);
  });
});

describe('handling latency', () => {
  it('observes one duration, in seconds, for each interaction of a command', async () => {
    const count = () =>
      metricValue(app.metrics, 'metabot_interaction_duration_seconds_count', {
        command: 'help',
        type: 'command',
      });
    const sum = () =>
      metricValue(app.metrics, 'metabot_interaction_duration_seconds_sum', {
        command: 'help',
        type: 'command',
      });
    const [countBefore, sumBefore] = [await count(), await sum()];
    await app.run('help');
    await app.run('help');
    expect(await count()).toBe(countBefore + 2);
    const added = (await sum()) - sumBefore;
    // Seconds, not milliseconds: two /help replies take well under a second each, and some time.
    expect(added).toBeGreaterThan(0);
    expect(added).toBeLessThan(2);
  });
});
