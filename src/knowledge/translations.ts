/**
 * Translations of the knowledge base (knowledge/locales/<locale>/, one folder per Discord
 * locale code in LOCALES): reads them, checks each against its English original, and builds the
 * locale's KnowledgeBase. A translation must keep what users quote: the same sections in the same
 * order, the same numbers (every run of digits in the lead, each section and each tip), the same
 * source URLs, and a `reviewed` date no older than the English file's, so a fact changed in
 * English marks every translation stale until someone checks it again.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import YAML from 'yaml';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../i18n/locales.js';
import { type KnowledgeProblem, readAll } from './files.js';
import { KnowledgeBase } from './knowledge-base.js';
import {
  type LanguageWords,
  languageWordsSchema,
  type OutOfScopeKind,
  outOfScopeSchema,
  type Source,
  type Tip,
  type TipTranslation,
  type Topic,
  type TopicTranslation,
  tipTranslationSchema,
  topicTranslationSchema,
} from './schema.js';
import { attachSections } from './sections.js';

export const LOCALES_DIR = 'locales';
const LANGUAGE_FILE = 'language.yaml';

/**
 * Every run of ASCII digits in a text, sorted as text: "19 February 2014, $21.8 billion" ->
 * ["19", "2014", "21", "8"]. Decimal and thousands separators differ between
 * languages ("21.8" / "21,8", "1,000" / "1.000" / "1 000"), so runs are compared, not numbers.
 * Devanagari digits are not ASCII digits: translations write numbers with 0-9, as English does.
 */
export function digitRuns(text: string): string[] {
  return (text.match(/[0-9]+/g) ?? []).sort();
}

/** "missing 2014; extra 2015" for two sorted digit-run lists, or null when they are equal. */
function numberDifference(english: readonly string[], translated: readonly string[]): string | null {
  const left = [...english];
  const extra: string[] = [];
  for (const run of translated) {
    const at = left.indexOf(run);
    if (at >= 0) left.splice(at, 1);
    else extra.push(run);
  }
  if (left.length === 0 && extra.length === 0) return null;
  const parts = [
    left.length > 0 ? `missing ${left.join(', ')}` : '',
    extra.length > 0 ? `extra ${extra.join(', ')}` : '',
  ].filter((p) => p !== '');
  return `numbers differ from English (${parts.join('; ')}): write every number English writes with digits, with the same digits`;
}

function sourceProblems(
  file: string,
  english: readonly Source[],
  translated: readonly Source[],
  problems: KnowledgeProblem[],
): void {
  const want = english.map((s) => s.url);
  const have = translated.map((s) => s.url);
  if (want.length !== have.length || want.some((url, i) => url !== have[i])) {
    problems.push({
      file,
      field: 'sources',
      message: `must list the English file's source URLs in the same order (${want.length} URL${want.length === 1 ? '' : 's'}: ${want.join(' ')})`,
    });
  }
}

function reviewedProblem(
  file: string,
  english: string,
  translated: string,
  problems: KnowledgeProblem[],
): void {
  if (translated < english) {
    problems.push({
      file,
      field: 'reviewed',
      message: `is ${translated}, older than the English file's ${english}: the English text changed since; check the translation against it and update the date`,
    });
  }
}

function numbersProblem(
  file: string,
  field: string,
  what: string,
  english: string,
  translated: string,
  problems: KnowledgeProblem[],
): void {
  const difference = numberDifference(digitRuns(english), digitRuns(translated));
  if (difference !== null) problems.push({ file, field, message: `${what}: ${difference}` });
}

/** Missing and extra translation files against the English ids of one folder. */
function coverageProblems(
  folder: string,
  englishIds: readonly string[],
  translatedIds: ReadonlySet<string>,
  problems: KnowledgeProblem[],
): void {
  for (const id of englishIds) {
    if (!translatedIds.has(id)) {
      problems.push({
        file: `${folder}/${id}.md`,
        field: '',
        message: 'is missing: every English file needs a translation',
      });
    }
  }
  const english = new Set(englishIds);
  for (const id of translatedIds) {
    if (!english.has(id)) {
      problems.push({
        file: `${folder}/${id}.md`,
        field: '',
        message: 'has no English original; remove it or add the English file',
      });
    }
  }
}

function translateTopic(
  file: string,
  english: Topic,
  translated: TopicTranslation,
  problems: KnowledgeProblem[],
): Topic | null {
  const before = problems.length;
  const want = english.sections.map((s) => s.id);
  const have = translated.sections.map((s) => s.id);
  if (want.length !== have.length || want.some((id, i) => id !== have[i])) {
    problems.push({
      file,
      field: 'sections',
      message: `must be the English sections in the same order: ${want.join(', ')} (it has ${have.join(', ')})`,
    });
    return null;
  }
  const topic = attachSections(
    file,
    { ...translated, related: english.related, pinned: english.pinned, broad: english.broad },
    problems,
  );
  if (topic === null) return null;
  numbersProblem(file, 'body', 'lead', english.lead, topic.lead, problems);
  topic.sections.forEach((section, i) => {
    numbersProblem(
      file,
      'body',
      `section "${section.heading}"`,
      english.sections[i]!.text,
      section.text,
      problems,
    );
  });
  sourceProblems(file, english.sources, translated.sources, problems);
  reviewedProblem(file, english.reviewed, translated.reviewed, problems);
  return problems.length > before ? null : topic;
}

function translateTip(
  file: string,
  english: Tip,
  translated: TipTranslation,
  problems: KnowledgeProblem[],
): Tip | null {
  const before = problems.length;
  numbersProblem(file, 'body', 'text', english.body, translated.body, problems);
  sourceProblems(file, english.sources, translated.sources, problems);
  reviewedProblem(file, english.reviewed, translated.reviewed, problems);
  return problems.length > before ? null : { ...english, ...translated };
}

async function readLanguageWords(
  dir: string,
  file: string,
  problems: KnowledgeProblem[],
): Promise<LanguageWords | null> {
  let text: string;
  try {
    text = await readFile(join(dir, file), 'utf8');
  } catch {
    problems.push({ file, field: '', message: 'is missing: each locale needs its word lists for matching' });
    return null;
  }
  let data: unknown;
  try {
    data = YAML.parse(text, { uniqueKeys: true }) ?? {};
  } catch (error) {
    problems.push({
      file,
      field: '',
      message: `is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
    });
    return null;
  }
  const result = languageWordsSchema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push({ file, field: issue.path.map(String).join('.'), message: issue.message });
    }
    return null;
  }
  return result.data;
}

/** One locale's translation, checked; null (with problems added) when anything is wrong. */
async function checkLocale(
  dir: string,
  locale: Locale,
  english: KnowledgeBase,
  problems: KnowledgeProblem[],
): Promise<KnowledgeBase | null> {
  const root = `${LOCALES_DIR}/${locale}`;
  const before = problems.length;
  const topicFiles = await readAll(dir, `${root}/topics`, topicTranslationSchema, problems);
  const tipFiles = await readAll(dir, `${root}/privacy-tips`, tipTranslationSchema, problems);
  const kindFiles = await readAll(dir, `${root}/out-of-scope`, outOfScopeSchema, problems);
  coverageProblems(
    `${root}/topics`,
    english.topics.map((t) => t.id),
    topicFiles.fileIds,
    problems,
  );
  coverageProblems(
    `${root}/privacy-tips`,
    english.tips.map((t) => t.id),
    tipFiles.fileIds,
    problems,
  );
  coverageProblems(
    `${root}/out-of-scope`,
    english.outOfScope.map((k) => k.id),
    kindFiles.fileIds,
    problems,
  );
  const words = await readLanguageWords(dir, `${root}/${LANGUAGE_FILE}`, problems);

  const topics = new Map<string, Topic>();
  for (const { file, value } of topicFiles.valid) {
    const original = english.topic(value.id);
    const topic = original === undefined ? null : translateTopic(file, original, value, problems);
    if (topic !== null) topics.set(topic.id, topic);
  }
  const tips = new Map<string, Tip>();
  for (const { file, value } of tipFiles.valid) {
    const original = english.tip(value.id);
    const tip = original === undefined ? null : translateTip(file, original, value, problems);
    if (tip !== null) tips.set(tip.id, tip);
  }
  const kinds = new Map<string, OutOfScopeKind>(kindFiles.valid.map(({ value }) => [value.id, value]));
  if (problems.length > before || words === null) return null;
  return new KnowledgeBase(
    english.topics.map((t) => topics.get(t.id)!),
    english.tips.map((t) => tips.get(t.id)!),
    english.outOfScope.map((k) => kinds.get(k.id)!),
    locale,
    words,
  );
}

/**
 * The knowledge folder's translations, checked against the English knowledge base. A locale
 * without a folder is simply not translated (its readers get English); a locale with a folder
 * must be complete and faithful, or every problem is added to `problems`. A folder under
 * locales/ that is not a supported locale is a problem too (a typo like "pt-br" would otherwise
 * go unnoticed).
 */
export async function checkTranslations(
  dir: string,
  english: KnowledgeBase,
  problems: KnowledgeProblem[],
): Promise<Map<Locale, KnowledgeBase>> {
  const translations = new Map<Locale, KnowledgeBase>();
  const folders = (await readdir(join(dir, LOCALES_DIR)).catch(() => [] as string[])).sort();
  // Locales are checked at the same time (their files are independent); each one's problems are
  // kept apart and reported in folder order, so the report reads the same on every run.
  const checked = await Promise.all(
    folders.map(async (folder) => {
      const own: KnowledgeProblem[] = [];
      const isFolder = (await stat(join(dir, LOCALES_DIR, folder)).catch(() => null))?.isDirectory() ?? false;
      if (!isFolder) return { own, locale: null, knowledge: null };
      const locale = LOCALES.find((l) => l === folder && l !== DEFAULT_LOCALE);
      if (locale === undefined) {
        own.push({
          file: `${LOCALES_DIR}/${folder}/`,
          field: '',
          message: `is not a locale the bot speaks; use one of ${LOCALES.filter((l) => l !== DEFAULT_LOCALE).join(', ')} (Discord's locale codes)`,
        });
        return { own, locale: null, knowledge: null };
      }
      return { own, locale, knowledge: await checkLocale(dir, locale, english, own) };
    }),
  );
  for (const { own, locale, knowledge } of checked) {
    problems.push(...own);
    if (locale !== null && knowledge !== null) translations.set(locale, knowledge);
  }
  return translations;
}
