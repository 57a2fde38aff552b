/**
 * Reading knowledge files: front matter parsed with the `yaml` package, validated with zod,
 * every problem collected as file + field + message (KnowledgeProblem) instead of thrown, so
 * `npm run kb:check` can list them all at once. Used for the English source and translations.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import matter from 'gray-matter';
import YAML from 'yaml';
import type { z } from 'zod';
import { cutText, discordLength } from '../replies/text-length.js';

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

export interface ParsedFile {
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

export async function listMarkdown(
  dir: string,
  sub: string,
  problems: KnowledgeProblem[],
): Promise<string[]> {
  try {
    const names = await readdir(join(dir, sub));
    return names.filter((n) => n.endsWith('.md')).sort();
  } catch {
    problems.push({ file: `${sub}/`, field: '', message: 'directory is missing or unreadable' });
    return [];
  }
}

export async function parseFile(
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

export function validate<T>(
  parsed: ParsedFile,
  schema: z.ZodType<T>,
  problems: KnowledgeProblem[],
): T | null {
  const input = { ...parsed.data, body: parsed.body.trim() };
  const result = schema.safeParse(input);
  if (!result.success) {
    problems.push(...zodProblems(parsed.file, input, result.error));
    return null;
  }
  return result.data;
}

export interface ReadResult<T> {
  readonly valid: { file: string; value: T }[];
  /** Ids named by file names, valid or not, so one broken file does not cascade into link errors. */
  readonly fileIds: Set<string>;
}

export async function readAll<T extends { id: string }>(
  dir: string,
  sub: string,
  schema: z.ZodType<T>,
  problems: KnowledgeProblem[],
): Promise<ReadResult<T>> {
  const names = await listMarkdown(dir, sub, problems);
  const fileIds = new Set(names.map((n) => n.slice(0, -'.md'.length)));
  const out: { file: string; value: T }[] = [];
  // Read and parse every file at once (waiting on the disk one file at a time was most of the
  // load time); each file's problems are kept apart and reported in file-name order.
  const reads = await Promise.all(
    names.map(async (name) => {
      const own: KnowledgeProblem[] = [];
      return { name, own, parsed: await parseFile(dir, `${sub}/${name}`, own) };
    }),
  );
  for (const { name, own, parsed } of reads) {
    const file = `${sub}/${name}`;
    problems.push(...own);
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
