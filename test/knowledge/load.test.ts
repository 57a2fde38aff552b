import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkKnowledge,
  formatProblem,
  KnowledgeError,
  type KnowledgeProblem,
  loadKnowledge,
} from '../../src/knowledge/load.js';
import { REQUIRED_TOPIC_IDS } from '../../src/knowledge/schema.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/paths.js';
import { copyKnowledge, SMALL_KNOWLEDGE_DIR, type TempKnowledge } from './knowledge-dir.js';

let temp: TempKnowledge | undefined;
afterEach(() => {
  temp?.dispose();
  temp = undefined;
});

function broken(change: (k: TempKnowledge) => void): TempKnowledge {
  temp = copyKnowledge();
  change(temp);
  return temp;
}

async function problemsOf(k: TempKnowledge): Promise<readonly KnowledgeProblem[]> {
  const { problems, knowledge } = await checkKnowledge(k.dir);
  expect(knowledge).toBeNull();
  return problems;
}

describe('loadKnowledge', () => {
  it('loads every topic and tip of a valid directory, dates kept as YYYY-MM-DD strings', async () => {
    const knowledge = await loadKnowledge(SMALL_KNOWLEDGE_DIR);
    expect(knowledge.topics.map((t) => t.id).sort()).toEqual([...REQUIRED_TOPIC_IDS].sort());
    expect(knowledge.tips.map((t) => t.id).sort()).toEqual(['ad-preferences', 'two-factor']);
    expect(knowledge.topic('ownership')?.reviewed).toBe('2026-11-01');
    expect(knowledge.topic('overview')?.body).toMatch(/^Yes\./);
    expect(knowledge.tip('two-factor')?.topic).toBe('privacy');
  });

  it("loads the project's own knowledge base", async () => {
    const knowledge = await loadKnowledge(DEFAULT_KNOWLEDGE_DIR);
    for (const id of REQUIRED_TOPIC_IDS) expect(knowledge.topic(id)?.id).toBe(id);
  });

  it('throws a KnowledgeError whose message lists each problem with file and field', async () => {
    const k = broken((t) => {
      t.edit('topics/privacy.md', 'reviewed: 2026-11-01', 'reviewed: 2026-13-01');
      t.edit('topics/future.md', 'related: [ownership, overview]', 'related: [ownership, metaverse]');
    });
    const error = await loadKnowledge(k.dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KnowledgeError);
    const { problems, message } = error as KnowledgeError;
    expect(problems).toHaveLength(2);
    expect(message).toContain('2 problems');
    expect(message).toContain('topics/privacy.md: field "reviewed"');
    expect(message).toContain('topics/future.md: field "related" names "metaverse", which is not a topic id');
  });
});

describe('checkKnowledge reports', () => {
  it('a YAML syntax error, naming the file', async () => {
    const k = broken((t) => t.edit('topics/shopping.md', 'title: "Shopping', 'title: [["Shopping'));
    const [problem, ...rest] = await problemsOf(k);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ file: 'topics/shopping.md', field: '' });
    expect(problem?.message).toMatch(/not valid YAML/);
  });

  it("a YAML syntax error with the parser's whole reason, where it is and the lines there", async () => {
    const k = broken((t) => t.edit('topics/shopping.md', 'title: "Shopping', 'title: [["Shopping'));
    const [problem] = await problemsOf(k);
    expect(problem?.message).toBe(
      'front matter is not valid YAML at line 4, column 1: Flow sequence in block collection must be ' +
        'sufficiently indented and end with a ] (near: title: [["Shopping on Facebook and Instagram" ↵ label: "Shopping")',
    );
  });

  it('a file without front matter', async () => {
    const k = broken((t) => t.write('topics/shopping.md', 'Just some text.\n'));
    expect(await problemsOf(k)).toEqual([
      { file: 'topics/shopping.md', field: '', message: expect.stringMatching(/front matter/) },
    ]);
  });

  it('a missing field as "is missing"', async () => {
    const k = broken((t) =>
      t.edit('topics/contacts.md', /summary: .*\n/.exec(t.read('topics/contacts.md'))![0], ''),
    );
    expect(await problemsOf(k)).toEqual([
      { file: 'topics/contacts.md', field: 'summary', message: 'is missing' },
    ]);
  });

  it('a field of the wrong shape, naming the nested field', async () => {
    const k = broken((t) => t.edit('topics/messaging.md', 'url: https://', 'url: http://'));
    expect(await problemsOf(k)).toEqual([
      { file: 'topics/messaging.md', field: 'sources.0.url', message: 'must be an https URL' },
    ]);
  });

  it('an unknown field, by name', async () => {
    const k = broken((t) => t.edit('topics/ownership.md', 'pinned: false', 'pinned: false\nauthor: someone'));
    const problems = await problemsOf(k);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'topics/ownership.md', field: 'author' });
    expect(problems[0]?.message).toMatch(/unknown field/);
  });

  it('an id that differs from the file name', async () => {
    const k = broken((t) => t.edit('topics/shopping.md', 'id: shopping', 'id: shops'));
    const problems = await problemsOf(k);
    expect(problems).toContainEqual({
      file: 'topics/shopping.md',
      field: 'id',
      message: 'is "shops" but the file name says "shopping"; they must match',
    });
  });

  it('a duplicate id, blaming the copy rather than the file named after the id', async () => {
    const k = broken((t) => t.write('topics/overview-copy.md', t.read('topics/overview.md')));
    const problems = await problemsOf(k);
    expect(problems.filter((p) => p.field === 'id')).toEqual([
      {
        file: 'topics/overview-copy.md',
        field: 'id',
        message: expect.stringMatching(/"overview" is a duplicate/),
      },
    ]);
  });

  it('an alias claimed by two topics', async () => {
    const k = broken((t) =>
      t.edit('topics/privacy.md', 'aliases: ["data protection"]', 'aliases: ["Ad Targeting"]'),
    );
    expect(await problemsOf(k)).toEqual([
      {
        file: 'topics/privacy.md',
        field: 'aliases',
        message: expect.stringMatching(/"ad targeting" .*"advertising"/),
      },
    ]);
  });

  it('an unknown related id', async () => {
    const k = broken((t) =>
      t.edit('topics/shopping.md', 'related: [advertising, overview]', 'related: [ads]'),
    );
    expect(await problemsOf(k)).toEqual([
      { file: 'topics/shopping.md', field: 'related', message: 'names "ads", which is not a topic id' },
    ]);
  });

  it('a tip whose topic does not exist', async () => {
    const k = broken((t) => t.edit('privacy-tips/two-factor.md', 'topic: privacy', 'topic: security'));
    expect(await problemsOf(k)).toEqual([
      {
        file: 'privacy-tips/two-factor.md',
        field: 'topic',
        message: 'names "security", which is not a topic id',
      },
    ]);
  });

  it('a required topic that is missing', async () => {
    const k = broken((t) => {
      t.remove('topics/future.md');
      for (const file of ['topics/ownership.md', 'topics/infrastructure.md', 'topics/overview.md']) {
        t.write(
          file,
          t
            .read(file)
            .replace(
              /related: \[(.*)\]/,
              (_, list: string) => `related: [${list.split(', ').filter((x) => x !== 'future')}]`,
            ),
        );
      }
    });
    expect(await problemsOf(k)).toEqual([
      { file: 'topics/future.md', field: '', message: 'required topic "future" is missing' },
    ]);
  });

  it('a body longer than an embed description', async () => {
    const k = broken((t) =>
      t.write('topics/overview.md', `${t.read('topics/overview.md')}\n${'x'.repeat(4_100)}\n`),
    );
    expect(await problemsOf(k)).toEqual([
      {
        file: 'topics/overview.md',
        field: 'body',
        message: expect.stringMatching(/^must be at most 4096 characters \(it has \d+\)$/),
      },
    ]);
  });

  it('a date that is not a real calendar day', async () => {
    const k = broken((t) => t.edit('topics/privacy.md', 'reviewed: 2026-11-01', 'reviewed: 2026-02-30'));
    expect(await problemsOf(k)).toEqual([
      { file: 'topics/privacy.md', field: 'reviewed', message: 'is not a real calendar date' },
    ]);
  });

  it('every problem at once, across topics and tips', async () => {
    const k = broken((t) => {
      t.edit('topics/privacy.md', 'reviewed: 2026-11-01', 'reviewed: yesterday');
      t.edit('topics/shopping.md', 'id: shopping', 'id: Shopping');
      t.edit('privacy-tips/ad-preferences.md', 'tags: [ads]', 'tags: []');
    });
    const files = (await problemsOf(k)).map((p) => `${p.file} ${p.field}`);
    expect(files).toEqual(
      expect.arrayContaining([
        'topics/privacy.md reviewed',
        'topics/shopping.md id',
        'privacy-tips/ad-preferences.md tags',
      ]),
    );
  });

  it('the length a too-long text has, as Discord counts it (an emoji is one character)', async () => {
    const k = broken((t) =>
      t.write('privacy-tips/two-factor.md', `${t.read('privacy-tips/two-factor.md')}${'🙂'.repeat(1_000)}\n`),
    );
    const body = (await problemsOf(k)).find((p) => p.field === 'body');
    const length = [...k.read('privacy-tips/two-factor.md').split(/^---$/m)[2]!.trim()].length;
    expect(body?.message).toBe(`must be at most 1000 characters (it has ${length})`);
  });

  it('a knowledge folder that does not exist, as that one problem, naming the folder', async () => {
    const { problems, knowledge } = await checkKnowledge('/nonexistent/knowledge');
    expect(knowledge).toBeNull();
    expect(problems).toEqual([
      { file: '', field: '', message: 'knowledge folder /nonexistent/knowledge does not exist' },
    ]);
    expect(problems.map(formatProblem)).toEqual(['knowledge folder /nonexistent/knowledge does not exist']);
  });

  it('a knowledge folder without topics/, as that one problem', async () => {
    const k = broken((t) => rmSync(join(t.dir, 'topics'), { recursive: true }));
    expect(await problemsOf(k)).toEqual([
      { file: '', field: '', message: `knowledge folder ${k.dir} has no topics/ folder` },
    ]);
  });
});
