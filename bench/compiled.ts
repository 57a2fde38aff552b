/**
 * The bot as production runs it, for the benches: `npm run build`, then startBot, startServer and
 * createLogger loaded from dist/ (what `npm start` and `npm run serve` run). The benches run under
 * tsx, which compiles with esbuild's keepNames: every named function made at run time (a
 * `const f = () => ...` per interaction) would also pay a `__name` call the compiled bot never makes.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as StartBotModule from '../src/discord/start-bot.js';
import type * as LoggerModule from '../src/logger.js';
import { PROJECT_ROOT } from '../src/paths.js';
import type * as StartServerModule from '../src/transports/discord-http/start-server.js';

export interface CompiledBot {
  readonly startBot: typeof StartBotModule.startBot;
  readonly startServer: typeof StartServerModule.startServer;
  readonly createLogger: typeof LoggerModule.createLogger;
}

let built: Promise<CompiledBot> | undefined;

/** Builds once per process and loads the compiled entry points. Rejects when the build fails (its errors go to stderr). */
export function compiledBot(): Promise<CompiledBot> {
  built ??= (async () => {
    // tsc reports errors on standard output: sent to standard error, off the bench's table.
    const build = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'scripts/build.ts')], {
      stdio: ['ignore', 2, 'inherit'],
    });
    if (build.status !== 0) {
      const why = build.error?.message ?? `exit ${build.status ?? build.signal}`;
      throw new Error(`npm run build failed (${why}); its errors are above`);
    }
    const load = (file: string): Promise<unknown> =>
      import(pathToFileURL(join(PROJECT_ROOT, 'dist', file)).href);
    const { startBot } = (await load('src/discord/start-bot.js')) as typeof StartBotModule;
    const { startServer } = (await load(
      'src/transports/discord-http/start-server.js',
    )) as typeof StartServerModule;
    const { createLogger } = (await load('src/logger.js')) as typeof LoggerModule;
    return { startBot, startServer, createLogger };
  })();
  return built;
}
