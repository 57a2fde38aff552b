/**
 * The two reference engines that eval and the benchmark compare ours with, over the same
 * documents: fuse.js with its default options over title and body, and MiniSearch (BM25)
 * with fuzzy and prefix matching. Each answers with its top hit whenever it finds anything,
 * which is how they behave out of the box.
 */
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import { DEFAULT_LOCALE } from '../i18n/locales.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { SearchHit, SearchResult } from './types.js';

export interface PlainDocument {
  readonly id: string;
  readonly title: string;
  readonly body: string;
}

export interface SearchEngine {
  readonly name: string;
  search(question: string): SearchResult;
}

export function topicDocuments(knowledge: KnowledgeBase): PlainDocument[] {
  return knowledge.topics.map((t) => ({ id: t.id, title: t.title, body: t.body }));
}

function resultOf(hits: SearchHit[]): SearchResult {
  const [answer, ...rest] = hits;
  return { locale: DEFAULT_LOCALE, answer: answer ?? null, alternatives: rest.slice(0, 2) };
}

export function createFuseBaseline(documents: readonly PlainDocument[]): SearchEngine {
  const fuse = new Fuse(documents, { keys: ['title', 'body'], includeScore: true });
  return {
    name: 'fuse.js defaults',
    search(question) {
      const hits = fuse.search(question, { limit: 3 }).map((r) => ({
        kind: 'topic' as const,
        id: r.item.id,
        title: r.item.title,
        score: 1 - (r.score ?? 1),
      }));
      return resultOf(hits);
    },
  };
}

export function createMiniSearchBaseline(documents: readonly PlainDocument[]): SearchEngine {
  const mini = new MiniSearch<PlainDocument>({
    fields: ['title', 'body'],
    storeFields: ['title'],
    searchOptions: { fuzzy: 0.2, prefix: true },
  });
  mini.addAll(documents);
  return {
    name: 'MiniSearch BM25',
    search(question) {
      const hits = mini
        .search(question)
        .slice(0, 3)
        .map((r) => ({ kind: 'topic' as const, id: String(r.id), title: String(r.title), score: r.score }));
      return resultOf(hits);
    },
  };
}
