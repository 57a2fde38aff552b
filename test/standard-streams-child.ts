/**
 * A process that logs through the real default logger (src/logger.ts) at a moment its test
 * chooses (standard-streams.test.ts): it prints "ready" on standard output, waits for one line on
 * standard input, then logs LINES lines of about 1 kB and exits at once, in the same tick, so the
 * exit flush finds most of them still queued.
 */
import { once } from 'node:events';
import { createLogger } from '../src/logger.js';

const logger = createLogger('info');
const lines = Number(process.env.LINES ?? '1000');
process.stdout.write('ready\n');
await once(process.stdin, 'data');
for (let i = 0; i < lines; i++) logger.info({ i, filler: 'x'.repeat(1_000) }, 'line');
process.exit(0);
