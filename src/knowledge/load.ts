/**
 * Reads knowledge/topics/*.md and knowledge/privacy-tips/*.md, validates every file and the
 * links between them, and builds the KnowledgeBase. `checkKnowledge` collects every problem
 * at once (for kb:check); `loadKnowledge` refuses to build anything while one remains, so a
 * broken file stops start-up with a readable list instead of crashing later in front of users.
 */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { KnowledgeError, type KnowledgeProblem, readAll } from './files.js';
import { KnowledgeBase } from './knowledge-base.js';
import { KnowledgeLibrary } from './knowledge-library.js';
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
import { checkTranslations } from './translations.js';

export { formatProblem, KnowledgeError, type KnowledgeProblem } from './files.js';

export interface KnowledgeCheck {
  readonly problems: readonly KnowledgeProblem[];
  /** The English knowledge base; present only when there are no problems. */
  readonly knowledge: KnowledgeBase | null;
  /** English and every translation (knowledge/locales/); present only when there are no problems. */
  readonly library: KnowledgeLibrary | null;
}

const TOPICS_DIR = 'topics';
const TIPS_DIR = 'privacy-tips';
const OUT_OF_SCOPE_DIR = 'out-of-scope';

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
  if (wrongFolder !== null) return { problems: [wrongFolder], knowledge: null, library: null };
  try {
    const topicFiles = await readAll(dir, TOPICS_DIR, topicFileSchema, problems);
    const topics = topicFiles.valid.flatMap(({ file, value }) => {
      const topic = attachSections(file, value, problems);
      return topic === null ? [] : [{ file, value: topic }];
    });
    const tips = await readAll(dir, TIPS_DIR, tipSchema, problems);
    const outOfScope = await readAll(dir, OUT_OF_SCOPE_DIR, outOfScopeSchema, problems);
    crossCheck(topics, tips.valid, topicFiles.fileIds, problems);
    if (problems.length > 0) return { problems, knowledge: null, library: null };
    const knowledge = new KnowledgeBase(
      topics.map((t) => t.value),
      tips.valid.map((t) => t.value),
      outOfScope.valid.map((k): OutOfScopeKind => k.value),
    );
    const translations = await checkTranslations(dir, knowledge, problems);
    if (problems.length > 0) return { problems, knowledge: null, library: null };
    return { problems, knowledge, library: new KnowledgeLibrary(knowledge, translations) };
  } catch (error) {
    problems.push({ file: '.', field: '', message: `cannot be checked: ${(error as Error).message}` });
    return { problems, knowledge: null, library: null };
  }
}

/** Loads the English knowledge base (translations checked too), or throws a KnowledgeError listing every problem. */
export async function loadKnowledge(dir: string): Promise<KnowledgeBase> {
  return (await loadLibrary(dir)).english;
}

/** Loads the knowledge base in every language it has, or throws a KnowledgeError listing every problem. */
export async function loadLibrary(dir: string): Promise<KnowledgeLibrary> {
  const { problems, library } = await checkKnowledge(dir);
  if (library === null) throw new KnowledgeError(problems);
  return library;
}
