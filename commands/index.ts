/** The list of command modules: the only registry. Transports and deploy read it. */
import type { CommandModule } from './types.js';

export const commands: readonly CommandModule[] = [];

export function findCommand(name: string): CommandModule | undefined {
  return commands.find((c) => c.definition.name === name);
}
