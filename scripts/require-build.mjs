/**
 * `prestart` and `preserve`: before `npm start` or `npm run serve` runs a file in dist/, says in
 * one line that `npm run build` comes first when that file is not there (Node's own answer is a
 * MODULE_NOT_FOUND stack trace). In: the entry point's path relative to the project root as the
 * only argument. Exit code 1 when it is missing, 0 otherwise. Plain JavaScript, as a production
 * install (`npm ci --omit=dev`) has no tsx to run TypeScript with.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const entry = process.argv[2];
if (entry === undefined) {
  console.error('require-build: name the compiled entry point, e.g. dist/src/main.js');
  process.exit(2);
}
if (!existsSync(resolve(entry))) {
  console.error(`${entry} is not there: run \`npm run build\` first (and again after every change).`);
  process.exit(1);
}
