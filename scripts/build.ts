/**
 * `npm run build`: the production build. Empties dist/, compiles src/ and commands/ with
 * tsconfig.build.json (JavaScript and source maps, the same folder layout: dist/src/main.js), then
 * copies every other file of those folders that the code reads at run time beside its module
 * (the SQL migrations in src/storage/migrations/, any JSON data), so a module's
 * `new URL('./x', import.meta.url)` finds the same file from dist/ as from source.
 * knowledge/ stays at the project root, where src/paths.ts finds it in both cases.
 * Exits non-zero, with tsc's messages, when the code does not compile.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../src/paths.js';

/** Where tsconfig.build.json puts the output (its outDir), and the folders it compiles (its include). */
export const OUT_DIR = 'dist';
export const SOURCE_DIRS = ['src', 'commands'] as const;

/** Files the compiler turns into JavaScript; everything else in SOURCE_DIRS is copied as it is. */
const COMPILED = new Set(['.ts', '.mts', '.cts']);

/** Every file under `dir` (relative to the project root) that tsc does not emit: data the code reads. */
export function runtimeAssets(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(PROJECT_ROOT, dir), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || COMPILED.has(extname(entry.name))) continue;
    found.push(relative(PROJECT_ROOT, join(entry.parentPath, entry.name)));
  }
  return found.sort();
}

function main(): void {
  const started = performance.now();
  const out = join(PROJECT_ROOT, OUT_DIR);
  // A module deleted from the source must not live on in dist/.
  rmSync(out, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const compiled = spawnSync(process.execPath, [tsc, '-p', join(PROJECT_ROOT, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
  if (compiled.status !== 0) {
    console.error(
      'npm run build: the TypeScript compiler reported errors (above); nothing usable is in dist/.',
    );
    process.exit(compiled.status ?? 1);
  }
  const assets = SOURCE_DIRS.flatMap(runtimeAssets);
  for (const asset of assets) cpSync(join(PROJECT_ROOT, asset), join(out, asset));
  console.error(
    `npm run build: compiled ${SOURCE_DIRS.join(' and ')} into ${OUT_DIR}/ and copied ${assets.length} data files, in ${((performance.now() - started) / 1_000).toFixed(1)} s`,
  );
}

// Run as `npm run build`; imported (by the tests), it only lends its constants and runtimeAssets.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main();
