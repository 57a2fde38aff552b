/** Drives the /faq command through the dispatcher the way a transport would, for handler tests. */
import type { CommandContext, OptionValue } from '../../commands/types.js';
import type { HandlerResponse, Reply } from '../../src/replies/reply.js';
import {
  MEMBER_ACCESS,
  MEMBER_ID,
  MODERATOR_ACCESS,
  MODERATOR_ID,
  type TestApp,
} from '../support/test-app.js';

type Who = Partial<Omit<CommandContext, 'services'>>;

export const AS_MEMBER: Who = { user: { id: MEMBER_ID, displayName: 'member' }, access: MEMBER_ACCESS };
export const AS_MODERATOR: Who = {
  user: { id: MODERATOR_ID, displayName: 'moderator' },
  access: MODERATOR_ACCESS,
};

export const GOOD_SUGGESTION = {
  question: 'How do I download a copy of my Threads posts?',
  answer:
    'Open Threads, go to Settings > Account > Download your information, and Meta emails you a link to the archive when it is ready.',
  source: 'https://help.instagram.com/',
} as const;

export function faq(
  app: TestApp,
  subcommand: string,
  options: Record<string, OptionValue> = {},
  who: Who = AS_MEMBER,
) {
  return app.run('faq', options, { subcommand, ctx: who });
}

export function faqConfig(app: TestApp, subcommand: string, options: Record<string, OptionValue>, who: Who) {
  return app.run('faq', options, { subcommand, subcommandGroup: 'config', ctx: who });
}

/** Clicks a button; `messageId` is the message it is on (null: an ephemeral card, say). */
export function click(
  app: TestApp,
  customId: string,
  who: Who = AS_MEMBER,
  messageId: string | null = null,
): Promise<HandlerResponse> {
  return app.dispatcher.handle(app.context(who), { type: 'component', customId, messageId });
}

/** Submits a form; `messageId` is the message whose button opened it, if any. */
export function submit(
  app: TestApp,
  customId: string,
  fields: Record<string, string>,
  who: Who = AS_MEMBER,
  messageId: string | null = null,
): Promise<HandlerResponse> {
  return app.dispatcher.handle(app.context(who), { type: 'modal', customId, fields, messageId });
}

/** Runs `/faq suggest`, checks that a modal opened, and submits it with `fields`. */
export async function suggest(
  app: TestApp,
  fields: Record<string, string> = GOOD_SUGGESTION,
  who: Who = AS_MEMBER,
): Promise<HandlerResponse> {
  const opened = await faq(app, 'suggest', {}, who);
  if (opened.kind !== 'modal') return opened;
  return submit(app, opened.modal.customId, fields, who);
}

/** The reply of a message or update response; fails loudly when a modal came back instead. */
export function replyOf(response: HandlerResponse): Reply {
  if (response.kind === 'modal') throw new Error(`expected a message, got modal ${response.modal.customId}`);
  return response.reply;
}

/** All text a reply shows, for assertions that do not care where in the layout it sits. */
export function textOf(response: HandlerResponse): string {
  const reply = replyOf(response);
  const parts = [reply.content ?? ''];
  for (const embed of reply.embeds ?? []) {
    parts.push(embed.title ?? '', embed.description ?? '', embed.footer ?? '');
    for (const field of embed.fields ?? []) parts.push(field.name, field.value);
  }
  return parts.join('\n');
}

export function buttonIds(response: HandlerResponse): string[] {
  return (replyOf(response).buttons ?? []).flat().flatMap((b) => ('customId' in b ? [b.customId] : []));
}

/** A clock the test moves by hand (cooldowns). */
export function manualClock(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}
