/**
 * `npm run bench`: runs each benchmark in its own process (so one's memory and JIT state
 * cannot colour another's figures) and lets each print its own table.
 * `npm run bench -- search` runs just one.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHES = ['search', 'discord', 'http', 'http-floor', 'storage', 'startup'] as const;

const wanted = process.argv.slice(2);
const selected = wanted.length > 0 ? BENCHES.filter((b) => wanted.includes(b)) : BENCHES;
if (selected.length === 0) {
  console.error(`Unknown benchmark. Choose from: ${BENCHES.join(', ')}`);
  process.exit(2);
}

let failed = false;
for (const name of selected) {
  const script = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  process.stdout.write(`\n=== bench: ${name} ===\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', script], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(`bench ${name} failed with exit code ${result.status ?? result.signal}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
