/**
 * Reads knowledge/topics/*.md and knowledge/privacy-tips/*.md, validates every file and the
 * links between them, and builds the KnowledgeBase. `checkKnowledge` collects every problem
 * at once (for kb:check); `loadKnowledge` refuses to build anything while one remains, so a
 * broken file stops start-up with a readable list instead of crashing later in front of users.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import matter from 'gray-matter';
import YAML from 'yaml';
import type { z } from 'zod';
import { cutText, discordLength } from '../replies/text-length.js';
import { KnowledgeBase } from './knowledge-base.js';
import {
  type OutOfScopeKind,
  outOfScopeSchema,
  REQUIRED_TOPIC_IDS,
  type Tip,
  type Topic,
  tipSchema,
  topicFileSchema,
} from './schema.js';
import { attachSections } from './sections.js';

export interface KnowledgeProblem {
  /** Path relative to the knowledge directory, e.g. "topics/overview.md". */
  readonly file: string;
  /** Front-matter field (dotted path for nested ones), "body", or "" for the file as a whole. */
  readonly field: string;
  readonly message: string;
}

/** One line per problem: `file: field "x" message`, or the message alone for the folder itself. */
export function formatProblem(problem: KnowledgeProblem): string {
  if (problem.file === '') return problem.message;
  const field = problem.field === '' ? '' : ` field "${problem.field}"`;
  return `${problem.file}:${field} ${problem.message}`;
}

export class KnowledgeError extends Error {
  constructor(readonly problems: readonly KnowledgeProblem[]) {
    super(
      `The knowledge base has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'KnowledgeError';
  }
}

export interface KnowledgeCheck {
  readonly problems: readonly KnowledgeProblem[];
  /** Present only when there are no problems. */
  readonly knowledge: KnowledgeBase | null;
}

const TOPICS_DIR = 'topics';
const TIPS_DIR = 'privacy-tips';
const OUT_OF_SCOPE_DIR = 'out-of-scope';

interface ParsedFile {
  readonly file: string;
  readonly data: Record<string, unknown>;
  readonly body: string;
}

/** gray-matter with the `yaml` package, whose default schema keeps dates as plain strings. */
const matterOptions = {
  engines: {
    yaml: (source: string): object => {
      const parsed: unknown = YAML.parse(source, { uniqueKeys: true });
      return (parsed ?? {}) as object;
    },
  },
};

async function listMarkdown(dir: string, sub: string, problems: KnowledgeProblem[]): Promise<string[]> {
  try {
    const names = await readdir(join(dir, sub));
    return names.filter((n) => n.endsWith('.md')).sort();
  } catch {
    problems.push({ file: `${sub}/`, field: '', message: 'directory is missing or unreadable' });
    return [];
  }
}

async function parseFile(
  dir: string,
  file: string,
  problems: KnowledgeProblem[],
): Promise<ParsedFile | null> {
  let text: string;
  try {
    text = await readFile(join(dir, file), 'utf8');
  } catch (error) {
    problems.push({ file, field: '', message: `cannot be read (${(error as Error).message})` });
    return null;
  }
  if (!text.trimStart().startsWith('---')) {
    problems.push({ file, field: '', message: 'must start with YAML front matter between "---" lines' });
    return null;
  }
  try {
    const parsed = matter(text, matterOptions);
    const data: unknown = parsed.data;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      problems.push({ file, field: '', message: 'front matter must be a YAML mapping of fields' });
      return null;
    }
    return { file, data: data as Record<string, unknown>, body: parsed.content };
  } catch (error) {
    problems.push({ file, field: '', message: yamlProblem(error) });
    return null;
  }
}

/** How much of each front-matter line a YAML problem quotes (characters). */
const YAML_CONTEXT_CHARS = 120;

/**
 * A YAML error as one line: the parser's reason, where it is and the lines it shows there.
 * The `yaml` package writes "reason at line L, column C:" and then those lines with a caret
 * under the spot; only its first line used to be kept, which ended at the colon. Lines count
 * from the top of the file, since gray-matter hands over the front matter with the "---" line's
 * place kept.
 */
function yamlProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const [first = '', ...rest] = message.split('\n');
  const at = / at line (\d+), column (\d+):?$/.exec(first);
  const reason = (at ? first.slice(0, at.index) : first.replace(/:$/, '')).trim() || 'unreadable';
  const near = rest
    .filter((line) => line.trim() !== '' && !/^\s*\^+\s*$/.test(line))
    .map((line) => cutText(line.trim(), YAML_CONTEXT_CHARS));
  const where = at ? ` at line ${at[1]}, column ${at[2]}` : '';
  return `front matter is not valid YAML${where}: ${reason}${near.length > 0 ? ` (near: ${near.join(' ↵ ')})` : ''}`;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function zodProblems(file: string, data: unknown, error: z.ZodError): KnowledgeProblem[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys;
      return {
        file,
        field: keys.join(', '),
        message: `unknown field${keys.length === 1 ? '' : 's'} (check the spelling against the schema)`,
      };
    }
    const field = issue.path.map(String).join('.');
    const value = valueAt(data, issue.path);
    const missing = issue.code === 'invalid_type' && value === undefined;
    // A text over its limit: say how long it is, counted as Discord counts (see text-length.ts).
    const length =
      issue.code === 'too_big' && issue.origin === 'string' && typeof value === 'string'
        ? ` (it has ${discordLength(value.trim())})`
        : '';
    return { file, field, message: missing ? 'is missing' : `${issue.message}${length}` };
  });
}

function validate<T>(parsed: ParsedFile, schema: z.ZodType<T>, problems: KnowledgeProblem[]): T | null {
  const input = { ...parsed.data, body: parsed.body.trim() };
  const result = schema.safeParse(input);
  if (!result.success) {
    problems.push(...zodProblems(parsed.file, input, result.error));
    return null;
  }
  return result.data;
}

interface ReadResult<T> {
  readonly valid: { file: string; value: T }[];
  /** Ids named by file names, valid or not, so one broken file does not cascade into link errors. */
  readonly fileIds: Set<string>;
}

async function readAll<T extends { id: string }>(
  dir: string,
  sub: string,
  schema: z.ZodType<T>,
  problems: KnowledgeProblem[],
): Promise<ReadResult<T>> {
  const names = await listMarkdown(dir, sub, problems);
  const fileIds = new Set(names.map((n) => n.slice(0, -'.md'.length)));
  const out: { file: string; value: T }[] = [];
  for (const name of names) {
    const file = `${sub}/${name}`;
    const parsed = await parseFile(dir, file, problems);
    if (parsed === null) continue;
    const value = validate(parsed, schema, problems);
    if (value === null) continue;
    const expected = name.slice(0, -'.md'.length);
    if (value.id === expected) {
      out.push({ file, value });
    } else if (fileIds.has(value.id)) {
      // The file named after the id owns it, whatever order the files are read in.
      problems.push({
        file,
        field: 'id',
        message: `"${value.id}" is a duplicate: ${sub}/${value.id}.md uses it`,
      });
    } else {
      problems.push({
        file,
        field: 'id',
        message: `is "${value.id}" but the file name says "${expected}"; they must match`,
      });
    }
  }
  return { valid: out, fileIds };
}

function normaliseAlias(alias: string): string {
  return alias.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function crossCheck(
  topics: readonly { file: string; value: Topic }[],
  tips: readonly { file: string; value: Tip }[],
  topicIds: ReadonlySet<string>,
  problems: KnowledgeProblem[],
): void {
  const aliasOwner = new Map<string, string>();
  for (const { file, value } of topics) {
    for (const related of value.related) {
      if (!topicIds.has(related)) {
        problems.push({ file, field: 'related', message: `names "${related}", which is not a topic id` });
      } else if (related === value.id) {
        problems.push({ file, field: 'related', message: 'names the topic itself' });
      }
    }
    for (const alias of new Set([value.id, value.title, ...value.aliases].map(normaliseAlias))) {
      const owner = aliasOwner.get(alias);
      if (owner !== undefined && owner !== value.id) {
        problems.push({
          file,
          field: 'aliases',
          message: `"${alias}" is also an id, title or alias of topic "${owner}"; aliases must be unique`,
        });
      } else {
        aliasOwner.set(alias, value.id);
      }
    }
  }
  for (const { file, value } of tips) {
    if (!topicIds.has(value.topic)) {
      problems.push({ file, field: 'topic', message: `names "${value.topic}", which is not a topic id` });
    }
  }
  const missing = REQUIRED_TOPIC_IDS.filter((id) => !topicIds.has(id));
  for (const id of missing) {
    problems.push({
      file: `${TOPICS_DIR}/${id}.md`,
      field: '',
      message: `required topic "${id}" is missing`,
    });
  }
}

/** Validates the whole knowledge directory and returns every problem found (never throws). */
/**
 * A knowledge folder that is not there, or has no topics/ in it, is one mistake (a wrong
 * KNOWLEDGE_DIR or argument): said once, naming the folder, instead of a missing file per topic.
 */
async function folderProblem(dir: string): Promise<KnowledgeProblem | null> {
  const folder = resolve(dir);
  const at = async (path: string) => stat(path).catch(() => null);
  const self = await at(folder);
  if (self === null) return { file: '', field: '', message: `knowledge folder ${folder} does not exist` };
  if (!self.isDirectory())
    return { file: '', field: '', message: `knowledge folder ${folder} is not a folder` };
  if (!(await at(join(folder, TOPICS_DIR)))?.isDirectory()) {
    return { file: '', field: '', message: `knowledge folder ${folder} has no ${TOPICS_DIR}/ folder` };
  }
  return null;
}

export async function checkKnowledge(dir: string): Promise<KnowledgeCheck> {
  const problems: KnowledgeProblem[] = [];
  const wrongFolder = await folderProblem(dir);
  if (wrongFolder !== null) return { problems: [wrongFolder], knowledge: null };
  try {
    const topicFiles = await readAll(dir, TOPICS_DIR, topicFileSchema, problems);
    const topics = topicFiles.valid.flatMap(({ file, value }) => {
      const topic = attachSections(file, value, problems);
      return topic === null ? [] : [{ file, value: topic }];
    });
    const tips = await readAll(dir, TIPS_DIR, tipSchema, problems);
    const outOfScope = await readAll(dir, OUT_OF_SCOPE_DIR, outOfScopeSchema, problems);
    crossCheck(topics, tips.valid, topicFiles.fileIds, problems);
    if (problems.length > 0) return { problems, knowledge: null };
    return {
      problems,
      knowledge: new KnowledgeBase(
        topics.map((t) => t.value),
        tips.valid.map((t) => t.value),
        outOfScope.valid.map((k): OutOfScopeKind => k.value),
      ),
    };
  } catch (error) {
    problems.push({ file: '.', field: '', message: `cannot be checked: ${(error as Error).message}` });
    return { problems, knowledge: null };
  }
}

/** Loads the knowledge base, or throws a KnowledgeError listing every problem. */
export async function loadKnowledge(dir: string): Promise<KnowledgeBase> {
  const { problems, knowledge } = await checkKnowledge(dir);
  if (knowledge === null) throw new KnowledgeError(problems);
  return knowledge;
}
