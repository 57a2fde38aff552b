/** The loaded, validated knowledge: topics and privacy tips, looked up by id. Immutable once built. */
import type { Tip, Topic } from './schema.js';

export class KnowledgeBase {
  private readonly topicsById: ReadonlyMap<string, Topic>;
  private readonly tipsById: ReadonlyMap<string, Tip>;

  constructor(
    readonly topics: readonly Topic[],
    readonly tips: readonly Tip[],
  ) {
    this.topicsById = new Map(topics.map((t) => [t.id, t]));
    this.tipsById = new Map(tips.map((t) => [t.id, t]));
  }

  topic(id: string): Topic | undefined {
    return this.topicsById.get(id);
  }

  tip(id: string): Tip | undefined {
    return this.tipsById.get(id);
  }
}
