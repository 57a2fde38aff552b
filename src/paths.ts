/**
 * Locations inside the project, independent of the directory the process was started from, and of
 * whether it runs from source (src/paths.ts under tsx) or compiled (dist/src/paths.js after
 * `npm run build`): the project root is the nearest folder above this module that holds
 * package.json, so knowledge/ is found at the root either way.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder at or above `start` that holds a package.json. Throws when there is none. */
export function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json in ${start} or any folder above it`);
  }
}

export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
export const DEFAULT_KNOWLEDGE_DIR = join(PROJECT_ROOT, 'knowledge');
