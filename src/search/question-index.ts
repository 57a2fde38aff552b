// PLACEHOLDER (owned by the knowledge/search work): replaced by the real index.
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { QuestionIndex } from './types.js';

export function createQuestionIndex(_knowledge: KnowledgeBase): QuestionIndex {
  return {
    search: () => ({ answer: null, alternatives: [] }),
    completeTopics: () => [],
    completeFaq: () => [],
    upsertFaq: () => {},
    removeFaq: () => {},
  };
}
