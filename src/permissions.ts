/**
 * Every permission check of the commands, in this one place. Each runs at run time on every
 * action, button clicks and modal submits included, because a button can be clicked by
 * anyone who can see it and a server can override who sees a command. Each returns the
 * guild id when the invoker may go ahead, and otherwise refuses with a UserError.
 */
import type { CommandContext, MemberAccess } from '../commands/types.js';
import type { GuildFaqSettings } from './faq/faq-store.js';
import type { MessageKey } from './i18n/messages.js';
import { UserError } from './replies/user-error.js';

/** The guild the command runs in; `refusal` is the message explaining why the feature belongs to a server. */
export function requireGuild(ctx: CommandContext, refusal: MessageKey): string {
  if (ctx.guildId === null) throw new UserError(refusal);
  return ctx.guildId;
}

/** The community FAQ belongs to a server, never to a DM. */
export const requireFaqGuild = (ctx: CommandContext): string => requireGuild(ctx, 'permissions.faqGuildOnly');

/** An FAQ moderator has Manage Messages in the server, or the role set with `/faq config moderator-role`. */
export function isFaqModerator(access: MemberAccess | null, settings: GuildFaqSettings): boolean {
  if (!access) return false;
  if (access.manageMessages) return true;
  return settings.moderatorRoleId !== null && access.roleIds.includes(settings.moderatorRoleId);
}

/** Resolves to the guild id when the invoker is an FAQ moderator; rejects with a UserError otherwise. */
export async function requireFaqModerator(ctx: CommandContext): Promise<string> {
  const guildId = requireFaqGuild(ctx);
  if (!isFaqModerator(ctx.access, await ctx.services.faq.settings(guildId))) {
    throw new UserError('permissions.faqModeratorOnly');
  }
  return guildId;
}

/** Handing out FAQ moderator rights takes the real permission, not the role it would replace. */
export async function requireFaqAdmin(ctx: CommandContext): Promise<string> {
  const guildId = await requireFaqModerator(ctx);
  if (!ctx.access?.manageMessages) {
    throw new UserError('permissions.faqAdminOnly');
  }
  return guildId;
}

/** The privacy-tip schedule of a server: Manage Server. */
export function requireManageGuild(ctx: CommandContext): string {
  const guildId = requireGuild(ctx, 'permissions.tipsGuildOnly');
  if (!ctx.access?.manageGuild) throw new UserError('permissions.manageGuildOnly');
  return guildId;
}
