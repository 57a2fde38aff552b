/**
 * `npm run console`: the bot in a terminal, no Discord, token or network needed. Same command
 * modules, Dispatcher and app wiring as the Discord transport; replies are printed, buttons
 * picked by number, modals filled in field by field, and scheduled posts printed as they fall due.
 */
import { Dispatcher } from '../dispatch.js';
import { DEFAULT_LOCALE, supportedLocale } from '../i18n/locales.js';
import { guardStandardStreams } from '../standard-streams.js';
import { CONSOLE_CHANNEL_ID, MEMBER_ACCESS, MODERATOR_ACCESS, parseConsoleOptions } from './cli-options.js';
import { ConsoleOutbox } from './console-outbox.js';
import { renderReply } from './render.js';
import { ConsoleSession } from './session.js';
import { exitWithStartupError, startConsoleApp } from './startup.js';
import { Terminal } from './terminal.js';

const USAGE =
  'Usage: npm run console -- [--guild ID] [--as member|moderator] [--user ID] [--db PATH] [--locale CODE]\n' +
  '  --guild  the server the console pretends to be in (default 100000000000000001)\n' +
  '  --as     member (default) or moderator (Manage Messages + Manage Server)\n' +
  '  --user   your user id (default 300000000000000001)\n' +
  '  --db     SQLite file, created if missing in a folder that must exist\n' +
  '           (default: DATABASE_PATH, else ./data/bot.sqlite)\n' +
  '  --locale your Discord language, e.g. es-ES, pt-BR, fr, de, id, hi (default en-US)';

/** Shown once the prompt is up; starts with a line the tests can wait for. */
const WELCOME = [
  'Meta connected bot, local console. Type /help for the commands, /quit (or Ctrl-D) to leave.',
  'Try: /connected   /connected aspect:advertising   /ask how do ads follow me from fb to insta   /topics',
  'Tab completes command names and topic ids; type a number to pick a button under the last answer.',
].join('\n');

async function main(): Promise<void> {
  // With nobody left to read the conversation (the terminal closed, `| head`), end as /quit does.
  let outputGone = false;
  let leave = () => {};
  guardStandardStreams({
    onStdoutBroken: () => {
      outputGone = true;
      leave();
    },
  });
  let options: ReturnType<typeof parseConsoleOptions>;
  try {
    options = parseConsoleOptions(process.argv.slice(2));
  } catch (error) {
    exitWithStartupError(error, USAGE);
  }

  // Posts can arrive at any moment (scheduled tips); `print` is replaced once the prompt exists.
  let print = (text: string) => {
    process.stdout.write(`${text}\n`);
  };
  let session: ConsoleSession | null = null;
  const outbox = new ConsoleOutbox((heading, reply, messageId) => {
    if (session) session.showPosted(heading, reply, messageId);
    else print(`${heading}\n${renderReply(reply).text}`);
  });
  let started: Awaited<ReturnType<typeof startConsoleApp>>;
  try {
    started = await startConsoleApp(options.databasePath, outbox, { interactive: true });
  } catch (error) {
    exitWithStartupError(error, USAGE);
  }
  const { app, logger, logFile } = started;

  const terminal: Terminal = new Terminal({
    input: process.stdin,
    output: process.stdout,
    terminal: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    complete: (line): Promise<[string[], string]> => current.complete(line),
    onInterrupt: () => terminal.stop(),
  });
  print = (text) => terminal.print(text);
  const current: ConsoleSession = new ConsoleSession(
    app,
    new Dispatcher(app.commands),
    {
      guildId: options.guildId,
      channelId: CONSOLE_CHANNEL_ID,
      userId: options.userId,
      displayName: options.role === 'moderator' ? 'console moderator' : 'console member',
      access: options.role === 'moderator' ? MODERATOR_ACCESS : MEMBER_ACCESS,
      locale: supportedLocale(options.locale) ?? DEFAULT_LOCALE,
    },
    terminal,
  );
  session = current;

  const stop = () => terminal.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  leave = stop;
  if (outputGone) stop();

  print(WELCOME);
  if (logFile !== null) print(`Logs go to ${logFile} (set LOG_LEVEL to see them here instead).`);
  print(
    `You are ${options.role === 'moderator' ? 'a moderator' : 'a member'} (user ${options.userId}) in server ${options.guildId}.`,
  );
  try {
    app.services.tips.start();
  } catch (error) {
    logger.error({ err: error }, 'scheduled tips could not start; the console works without them');
  }

  await current.run(logFile ?? 'the log on standard error');

  terminal.stop();
  process.stdout.write('Bye.\n');
  // Whatever is still pending (a post in flight, an open handle in a library) must not keep the terminal hanging.
  setTimeout(() => process.exit(0), 3_000).unref();
  await app.close();
}

await main();
