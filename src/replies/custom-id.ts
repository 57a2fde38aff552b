/**
 * Custom ids of buttons and modals: `${command}:${action}[:${arg}...]`. The router picks the
 * command module by `command` and hands it the rest, split on ':'.
 */
import { DISCORD_LIMITS } from './limits.js';

/**
 * Builds a custom id for a button or modal that routes back to `command`.
 * Throws a RangeError when the id is longer than Discord allows (DISCORD_LIMITS.customId,
 * 100 characters: Discord's "Message Components" docs): a cut id would route a click to the
 * wrong handler, so an over-long id is a bug to be logged, never something to shorten.
 */
export function customId(command: string, action: string, ...args: readonly (string | number)[]): string {
  return checkedCustomId([command, action, ...args.map(String)].join(':'));
}

/** Returns `id` unchanged, or throws a RangeError when Discord would refuse its length (see customId). */
export function checkedCustomId(id: string): string {
  if (id.length > DISCORD_LIMITS.customId) {
    throw new RangeError(
      `custom id "${id.slice(0, 20)}…" is ${id.length} characters; Discord allows ${DISCORD_LIMITS.customId}`,
    );
  }
  return id;
}

/** Splits a custom id made by `customId`. */
export function parseCustomId(id: string): { command: string; action: string; args: string[] } {
  const [command = '', action = '', ...args] = id.split(':');
  return { command, action, args };
}
