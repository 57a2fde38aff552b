/**
 * Custom ids of buttons and modals: `${command}:${action}[:${arg}...]`. The router picks the
 * command module by `command` and hands it the rest, split on ':'.
 */

/** Builds a custom id for a button or modal that routes back to `command`. */
export function customId(command: string, action: string, ...args: readonly (string | number)[]): string {
  return [command, action, ...args.map(String)].join(':');
}

/** Splits a custom id made by `customId`. */
export function parseCustomId(id: string): { command: string; action: string; args: string[] } {
  const [command = '', action = '', ...args] = id.split(':');
  return { command, action, args };
}
