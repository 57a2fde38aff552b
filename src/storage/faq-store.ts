// PLACEHOLDER (owned by the FAQ work): replaced by the real store.
import type Database from 'better-sqlite3';
import type { Clock } from '../clock.js';
import type { FaqDocument } from '../search/types.js';

export class FaqStore {
  constructor(
    readonly db: Database.Database,
    readonly clock: Clock,
  ) {}

  /** Every approved entry of every guild, to fill the search index at start-up. */
  approvedDocuments(): FaqDocument[] {
    return [];
  }
}
