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
import { localiseCommand } from '../src/i18n/command-localisations.js';
import { type Translator, translator } from '../src/i18n/messages.js';
import { requireManageGuild } from '../src/permissions.js';
import { discordTimestamp } from '../src/replies/discord-timestamp.js';
import { DISCORD_LIMITS } from '../src/replies/limits.js';
import { ephemeral, type HandlerResponse, message } from '../src/replies/reply.js';
import { UserError } from '../src/replies/user-error.js';
import { suggestTimezones } from '../src/tips/timezones.js';
import { describePauseReason, describeSlotProblem } from '../src/tips/tip-problems.js';
import type { TipStatus } from '../src/tips/tip-service.js';
import type { CommandContext, CommandModule } from './types.js';

const definition = localiseCommand({
  name: 'privacy-tips',
  default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'schedule',
      options: [
        {
          type: ApplicationCommandOptionType.Channel,
          name: 'channel',
          required: true,
          channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
        },
        { type: ApplicationCommandOptionType.String, name: 'cron', required: true, max_length: 100 },
        {
          type: ApplicationCommandOptionType.String,
          name: 'timezone',
          required: false,
          autocomplete: true,
          max_length: 64,
        },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'status' },
    { type: ApplicationCommandOptionType.Subcommand, name: 'stop' },
  ],
});

const when = (ms: number) => `${discordTimestamp(ms, 'F')} (${discordTimestamp(ms, 'R')})`;

function requiredText(value: unknown, name: string): string {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  throw new UserError('common.optionRequired', { option: name });
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

async function schedule(
  ctx: CommandContext,
  guildId: string,
  options: Record<string, unknown>,
  tr: Translator,
) {
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
      : [tr('schedule.renamed', { typed: timezone.trim(), saved: saved.timezone })];
  return scheduleReply(
    [
      tr('schedule.saved', { channel: saved.channelId, cron: saved.cron, timezone: saved.timezone }),
      ...renamed,
      tr('schedule.nextPosts'),
      ...upcoming.map((at) => `• ${when(at)}`),
    ].join('\n'),
    saved.timezone,
  );
}

/**
 * A server's tip schedule, its next and last post and any problem, in `tr`'s language; stored
 * problems are codes, worded here (tip-problems.ts) for whoever reads them.
 */
export function statusText(
  status: TipStatus,
  guildId: string,
  tipTitle: (id: string) => string,
  tr: Translator,
): string {
  const { schedule } = status;
  if (!schedule) return tr('schedule.none');
  const lines = [
    tr('schedule.statusTitle', { state: tr(`schedule.state.${schedule.state}`) }),
    tr('schedule.statusLine', {
      cron: schedule.cron,
      timezone: schedule.timezone,
      channel: schedule.channelId,
    }),
  ];
  if (status.nextAt !== null) lines.push(tr('schedule.nextPost', { when: when(status.nextAt) }));
  const last = status.lastPost;
  if (last?.messageId && last.finishedAt !== null) {
    const link = `https://discord.com/channels/${guildId}/${last.channelId}/${last.messageId}`;
    const title = last.tipId ? tipTitle(last.tipId) : tr('schedule.aTip');
    lines.push(tr('schedule.lastPost', { when: discordTimestamp(last.slotAt, 'F'), title, link }));
  } else {
    lines.push(tr('schedule.lastPostNone'));
  }
  if (schedule.state === 'paused') {
    const reason = schedule.pausedReason ? describePauseReason(schedule.pausedReason, tr) : '';
    lines.push(tr('schedule.problemPaused', { reason }).trim());
  } else if (status.lastProblem) {
    const { note, slotAt, state } = status.lastProblem;
    lines.push(
      tr(state === 'skipped' ? 'schedule.problemSkipped' : 'schedule.problemNotPosted', {
        when: discordTimestamp(slotAt, 'F'),
        detail: note ? describeSlotProblem(note, tr) : tr('schedule.noDetails'),
      }),
    );
  }
  if (schedule.state === 'stopped') lines.push(tr('schedule.startAgain'));
  return lines.join('\n');
}

export const privacyTipsCommand: CommandModule = {
  definition,
  async run(ctx, input): Promise<HandlerResponse> {
    const guildId = requireManageGuild(ctx);
    const { tips, library } = ctx.services;
    const tr = translator(ctx.locale);
    switch (input.subcommand) {
      case 'schedule':
        return schedule(ctx, guildId, input.options, tr);
      case 'status': {
        const status = await tips.status(guildId);
        const knowledge = library.in(ctx.locale);
        return scheduleReply(
          statusText(
            status,
            guildId,
            (id) => knowledge.tip(id)?.title ?? tr('schedule.removedTip', { id }),
            tr,
          ),
          status.schedule?.timezone,
        );
      }
      case 'stop':
        return ephemeral(
          tr((await tips.stopSchedule(guildId, ctx.user.id)) ? 'schedule.stopped' : 'schedule.nothingToStop'),
        );
      default:
        throw new UserError('schedule.useSubcommand');
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
