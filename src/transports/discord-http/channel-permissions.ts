/**
 * The bot's permissions in a channel, computed from REST data (the guild's roles and owner, the
 * bot's member roles, the channel's overwrites) with the algorithm in Discord's "Permissions"
 * documentation: the @everyone role, then the member's roles (Administrator or ownership grant
 * everything), then the @everyone overwrite, the role overwrites together (deny, then allow),
 * and the member's own overwrite. The HTTP transport has no gateway cache to ask, so this is what
 * discord.js's `permissionsFor` does there, written out.
 */
import { OverwriteType, PermissionFlagsBits } from 'discord-api-types/v10';

const ALL = (1n << 64n) - 1n;

export interface RoleBits {
  readonly id: string;
  /** Decimal bit field, as the API sends it. */
  readonly permissions: string;
}

export interface Overwrite {
  readonly id: string;
  readonly type: number;
  readonly allow: string;
  readonly deny: string;
}

export interface PermissionInputs {
  readonly guildId: string;
  readonly ownerId: string;
  readonly roles: readonly RoleBits[];
  readonly memberId: string;
  readonly memberRoleIds: readonly string[];
  /** The channel's overwrites (a thread's parent's: threads inherit them). */
  readonly overwrites: readonly Overwrite[];
}

/** The member's effective permissions in the channel, as a bit field. */
export function channelPermissions(input: PermissionInputs): bigint {
  if (input.memberId === input.ownerId) return ALL;
  const roleBits = new Map(input.roles.map((r) => [r.id, BigInt(r.permissions)]));
  let base = roleBits.get(input.guildId) ?? 0n;
  for (const roleId of input.memberRoleIds) base |= roleBits.get(roleId) ?? 0n;
  if ((base & PermissionFlagsBits.Administrator) !== 0n) return ALL;

  let permissions = base;
  const everyone = input.overwrites.find((o) => o.id === input.guildId);
  if (everyone) permissions = (permissions & ~BigInt(everyone.deny)) | BigInt(everyone.allow);
  let allow = 0n;
  let deny = 0n;
  for (const overwrite of input.overwrites) {
    if (overwrite.type !== OverwriteType.Role || !input.memberRoleIds.includes(overwrite.id)) continue;
    allow |= BigInt(overwrite.allow);
    deny |= BigInt(overwrite.deny);
  }
  permissions = (permissions & ~deny) | allow;
  const own = input.overwrites.find((o) => o.type === OverwriteType.Member && o.id === input.memberId);
  if (own) permissions = (permissions & ~BigInt(own.deny)) | BigInt(own.allow);
  return permissions;
}
