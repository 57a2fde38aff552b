/**
 * `npm run console`: the bot in a terminal, no Discord, token or network needed. Same command
 * modules, Dispatcher and app wiring as the Discord transport; replies are printed, buttons
 * picked by number, modals filled in field by field, and scheduled posts printed as they fall due.
 */
import { clearLine, createInterface, cursorTo } from 'node:readline';
import { Dispatcher } from '../dispatch.js';
import { CONSOLE_CHANNEL_ID, MEMBER_ACCESS, MODERATOR_ACCESS, parseConsoleOptions } from './cli-options.js';
import { ConsoleOutbox } from './console-outbox.js';
import { renderReply } from './render.js';
import { ConsoleSession } from './session.js';
import { exitWithStartupError, startConsoleApp } from './startup.js';

const USAGE =
  'Usage: npm run console -- [--guild ID] [--as member|moderator] [--user ID] [--db PATH]\n' +
  '  --guild  the server the console pretends to be in (default 100000000000000001)\n' +
  '  --as     member (default) or moderator (Manage Messages + Manage Server)\n' +
  '  --user   your user id (default 300000000000000001)\n' +
  '  --db     SQLite file, created if missing in a folder that must exist\n' +
  '           (default: DATABASE_PATH, else ./data/bot.sqlite)';

/** Shown once the prompt is up; starts with a line the tests can wait for. */
const WELCOME = [
  'Meta connected bot, local console. Type /help for the commands, /quit (or Ctrl-D) to leave.',
  'Try: /connected   /connected aspect:advertising   /ask how do ads follow me from fb to insta   /topics',
  'Tab completes command names and topic ids; type a number to pick a button under the last answer.',
].join('\n');

async function main(): Promise<void> {
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
    started = await startConsoleApp(options.databasePath, outbox);
  } catch (error) {
    exitWithStartupError(error, USAGE);
  }
  const { app, logger } = started;

  const current = new ConsoleSession(
    app,
    new Dispatcher(app.commands),
    {
      guildId: options.guildId,
      channelId: CONSOLE_CHANNEL_ID,
      userId: options.userId,
      displayName: options.role === 'moderator' ? 'console moderator' : 'console member',
      access: options.role === 'moderator' ? MODERATOR_ACCESS : MEMBER_ACCESS,
    },
    {
      print: (text) => print(text),
      readLine: (prompt) => readLine(prompt),
    },
  );
  session = current;

  const terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal,
    historySize: 200,
    completer: (line: string, done: (error: Error | null, result: [string[], string]) => void) => {
      current.complete(line).then(
        (result) => done(null, result),
        () => done(null, [[], line]),
      );
    },
  });
  const lines = rl[Symbol.asyncIterator]();
  let atPrompt = false;

  print = (text: string) => {
    if (atPrompt && terminal) {
      // Write above the half-typed line, then draw the prompt and what was typed again.
      clearLine(process.stdout, 0);
      cursorTo(process.stdout, 0);
      process.stdout.write(`${text}\n`);
      rl.prompt(true);
    } else {
      process.stdout.write(`${text}\n`);
    }
  };

  async function readLine(prompt: string): Promise<string | null> {
    rl.setPrompt(prompt);
    rl.prompt();
    atPrompt = true;
    try {
      const next = await lines.next();
      return next.done ? null : next.value;
    } finally {
      atPrompt = false;
    }
  }

  const stop = () => rl.close();
  rl.on('SIGINT', stop);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  print(WELCOME);
  print(
    `You are ${options.role === 'moderator' ? 'a moderator' : 'a member'} (user ${options.userId}) in server ${options.guildId}.`,
  );
  try {
    app.services.tips.start();
  } catch (error) {
    logger.error({ err: error }, 'scheduled tips could not start; the console works without them');
  }

  for (;;) {
    const line = await readLine('> ');
    if (line === null) break;
    let goOn = true;
    try {
      goOn = await current.handleLine(line);
    } catch (error) {
      logger.error({ err: error, line }, 'console line failed');
      print('Something went wrong with that line; the details are in the log. Try another command.');
    }
    if (!goOn) break;
  }

  rl.close();
  process.stdout.write('Bye.\n');
  // Whatever is still pending (a post in flight, an open handle in a library) must not keep the terminal hanging.
  setTimeout(() => process.exit(0), 3_000).unref();
  await app.close();
}

await main();
