/**
 * /privacy-tips schedule|status|stop: moderators (Manage Server) decide when and where the bot
 * posts privacy tips on its own. Every reply is ephemeral, and the permission is checked again
 * at run time because a server can override who sees the command.
 */
import {
  ApplicationCommandOptionType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { requireManageGuild } from '../src/permissions.js';
import { discordTimestamp } from '../src/replies/discord-timestamp.js';
import { DISCORD_LIMITS } from '../src/replies/limits.js';
import { ephemeral, type HandlerResponse, message } from '../src/replies/reply.js';
import { UserError } from '../src/replies/user-error.js';
import { suggestTimezones } from '../src/tips/timezones.js';
import { describePauseReason, describeSlotProblem } from '../src/tips/tip-problems.js';
import type { TipStatus } from '../src/tips/tip-service.js';
import type { CommandContext, CommandDefinition, CommandModule } from './types.js';

const definition = {
  name: 'privacy-tips',
  description: 'Schedule privacy tips for this server (Manage Server)',
  default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'schedule',
      description: 'Post a tip in a channel on a cron schedule, e.g. 0 9 * * 1 for Mondays at 09:00',
      options: [
        {
          type: ApplicationCommandOptionType.Channel,
          name: 'channel',
          description: 'Where to post the tips',
          required: true,
          channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'cron',
          description: 'minute hour day-of-month month day-of-week, e.g. 0 9 * * 1 (Mondays 09:00)',
          required: true,
          max_length: 100,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'timezone',
          description: 'IANA timezone such as Europe/Berlin (default UTC)',
          required: false,
          autocomplete: true,
          max_length: 64,
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'status',
      description: 'The schedule, the next and the last tip, and any problem',
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'stop',
      description: 'Stop posting scheduled tips in this server',
    },
  ],
} satisfies CommandDefinition;

const when = (ms: number) => `${discordTimestamp(ms, 'F')} (${discordTimestamp(ms, 'R')})`;

function requiredText(value: unknown, name: string): string {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  throw new UserError(`The \`${name}\` option is required.`);
}

/** Spelling differences that are not a different name: case, and spaces for underscores. */
const zoneSpelling = (zone: string) => zone.trim().toLowerCase().replace(/ /g, '_');

/**
 * A private reply about a schedule. Its times are Discord timestamps, which Discord shows in each
 * reader's own zone; `timeZone` tells the console (one reader, no such markup) to show the
 * schedule's zone, named.
 */
const scheduleReply = (content: string, timeZone: string | undefined): HandlerResponse =>
  message({ content, ephemeral: true, ...(timeZone !== undefined && { timeZone }) });

async function schedule(ctx: CommandContext, guildId: string, options: Record<string, unknown>) {
  const channelId = requiredText(options.channel, 'channel');
  const cron = requiredText(options.cron, 'cron');
  const timezone = typeof options.timezone === 'string' && options.timezone.trim() ? options.timezone : 'UTC';
  const { schedule: saved, upcoming } = await ctx.services.tips.setSchedule({
    guildId,
    channelId,
    cron,
    timezone,
    by: ctx.user.id,
  });
  // An alias such as CET is stored as the zone it names (Europe/Brussels): say so, not silently.
  const renamed =
    zoneSpelling(timezone) === zoneSpelling(saved.timezone)
      ? []
      : [`Timezone \`${timezone.trim()}\` was saved as \`${saved.timezone}\`.`];
  return scheduleReply(
    [
      `Privacy tips will be posted in <#${saved.channelId}> on \`${saved.cron}\` (${saved.timezone}).`,
      ...renamed,
      'Next posts:',
      ...upcoming.map((at) => `• ${when(at)}`),
    ].join('\n'),
    saved.timezone,
  );
}

export function statusText(status: TipStatus, guildId: string, tipTitle: (id: string) => string): string {
  const { schedule } = status;
  if (!schedule) return 'No privacy-tip schedule is set. Set one with `/privacy-tips schedule`.';
  const state = { active: 'active', paused: 'paused', stopped: 'stopped' }[schedule.state];
  const lines = [
    `**Privacy tips: ${state}**`,
    `Schedule: \`${schedule.cron}\` (${schedule.timezone}) in <#${schedule.channelId}>`,
  ];
  if (status.nextAt !== null) lines.push(`Next post: ${when(status.nextAt)}`);
  const last = status.lastPost;
  if (last?.messageId && last.finishedAt !== null) {
    const link = `https://discord.com/channels/${guildId}/${last.channelId}/${last.messageId}`;
    const title = last.tipId ? tipTitle(last.tipId) : 'a tip';
    lines.push(`Last post: ${discordTimestamp(last.slotAt, 'F')}: ${title} (${link})`);
  } else {
    lines.push('Last post: none yet');
  }
  if (schedule.state === 'paused') {
    lines.push(
      `Problem: paused. ${schedule.pausedReason ? describePauseReason(schedule.pausedReason) : ''}`.trim(),
    );
  } else if (status.lastProblem) {
    const verb = status.lastProblem.state === 'skipped' ? 'skipped' : 'not posted';
    lines.push(
      `Problem: the tip due ${discordTimestamp(status.lastProblem.slotAt, 'F')} was ${verb}: ${status.lastProblem.note ? describeSlotProblem(status.lastProblem.note) : 'no details'}`,
    );
  }
  if (schedule.state === 'stopped') lines.push('Run `/privacy-tips schedule` to start again.');
  return lines.join('\n');
}

export const privacyTipsCommand: CommandModule = {
  definition,
  async run(ctx, input): Promise<HandlerResponse> {
    const guildId = requireManageGuild(ctx);
    const { tips, knowledge } = ctx.services;
    switch (input.subcommand) {
      case 'schedule':
        return schedule(ctx, guildId, input.options);
      case 'status': {
        const status = await tips.status(guildId);
        return scheduleReply(
          statusText(status, guildId, (id) => knowledge.tip(id)?.title ?? `"${id}" (since removed)`),
          status.schedule?.timezone,
        );
      }
      case 'stop':
        return ephemeral(
          (await tips.stopSchedule(guildId, ctx.user.id))
            ? 'Scheduled privacy tips are stopped. `/privacy-tips schedule` starts them again.'
            : 'There is no running tip schedule to stop.',
        );
      default:
        throw new UserError('Use `/privacy-tips schedule`, `/privacy-tips status` or `/privacy-tips stop`.');
    }
  },
  autocomplete(_ctx, input) {
    if (input.focused.name !== 'timezone') return [];
    return suggestTimezones(input.focused.value, DISCORD_LIMITS.autocompleteChoices).map((zone) => ({
      name: zone.replace(/_/g, ' '),
      value: zone,
    }));
  },
};
