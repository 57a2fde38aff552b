// PLACEHOLDER (owned by the FAQ work): replaced by the real connection + migrations.
import Database from 'better-sqlite3';

export function openDatabase(path: string): Database.Database {
  return new Database(path === ':memory:' ? ':memory:' : path);
}
