// PLACEHOLDER (owned by the knowledge/search work): replaced by the real loader.
import { KnowledgeBase } from './knowledge-base.js';

export async function loadKnowledge(_dir: string): Promise<KnowledgeBase> {
  return new KnowledgeBase([], []);
}
