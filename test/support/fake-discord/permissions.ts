/** Permission bit sets the stand-in hands out, as Discord sends them (decimal strings of a bitfield). */
import { PermissionFlagsBits as P } from 'discord-api-types/v10';

export const PERMISSIONS = {
  /** An ordinary member: read, write, use commands. */
  member: P.ViewChannel | P.SendMessages | P.ReadMessageHistory | P.UseApplicationCommands,
  /** A moderator: a member who may also manage messages and the server. */
  moderator:
    P.ViewChannel |
    P.SendMessages |
    P.ReadMessageHistory |
    P.UseApplicationCommands |
    P.ManageMessages |
    P.ManageGuild,
  administrator: P.Administrator,
  /** What the invite link grants the bot. */
  bot: P.ViewChannel | P.SendMessages | P.EmbedLinks | P.ReadMessageHistory,
} as const;

export function permissionString(bits: bigint | string): string {
  return typeof bits === 'bigint' ? bits.toString() : bits;
}
