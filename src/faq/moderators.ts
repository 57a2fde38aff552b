/**
 * Who counts as an FAQ moderator, decided in this one place: Manage Messages in the server,
 * or the moderator role configured with `/faq config moderator-role`. Called on every
 * moderator action at run time, including button clicks and modal submits, because a button
 * can be clicked by anyone who can see it.
 */
import type { CommandContext, MemberAccess } from '../../commands/types.js';
import { UserError } from '../replies/user-error.js';
import type { GuildFaqSettings } from '../storage/faq-store.js';

export function isFaqModerator(access: MemberAccess | null, settings: GuildFaqSettings): boolean {
  if (!access) return false;
  if (access.manageMessages) return true;
  return settings.moderatorRoleId !== null && access.roleIds.includes(settings.moderatorRoleId);
}

/** The guild the FAQ command runs in; the FAQ belongs to a server, never to a DM. */
export function requireGuild(ctx: CommandContext): string {
  if (ctx.guildId === null) {
    throw new UserError('The community FAQ belongs to a server: use this command in one.');
  }
  return ctx.guildId;
}

/** Returns the guild id when the invoker moderates its FAQ; otherwise refuses with a UserError. */
export function requireFaqModerator(ctx: CommandContext): string {
  const guildId = requireGuild(ctx);
  if (!isFaqModerator(ctx.access, ctx.services.faq.settings(guildId))) {
    throw new UserError(
      'Only FAQ moderators can do that: members with the Manage Messages permission, or the moderator role set with `/faq config moderator-role`.',
    );
  }
  return guildId;
}
