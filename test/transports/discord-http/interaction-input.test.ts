import {
  ApplicationCommandOptionType,
  ComponentType,
  InteractionType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import {
  InteractionPayloadError,
  modalFields,
  parseInteraction,
} from '../../../src/transports/discord-http/interaction-input.js';
import { createGuild } from '../../support/fake-discord/guilds.js';
import {
  type Actor,
  buildInteraction,
  buttonData,
  commandData,
  modalData,
  nestOptions,
  optionPayloads,
} from '../../support/fake-discord/interactions.js';
import { PERMISSIONS } from '../../support/fake-discord/permissions.js';

const guild = createGuild({});
const APP = '700000000000000999';

/** The payload Discord sends, built by the stand-in exactly as it dispatches it over the gateway. */
function payload(type: InteractionType, data: Record<string, unknown>, actor: Actor = {}, message?: object) {
  return buildInteraction(type, data, {
    applicationId: APP,
    actor,
    guild: actor.guild === null ? null : guild,
    botPermissions: PERMISSIONS.bot,
    ...(message && { message: message as Record<string, unknown> }),
  }).payload;
}

const slash = (name: string, options: unknown[], actor: Actor = {}) =>
  payload(InteractionType.ApplicationCommand, commandData('1', name, options, guild.id), actor);

describe('parseInteraction', () => {
  it("reads the user's and the server's language as locales the bot speaks", () => {
    const de = createGuild({ locale: 'de' });
    const inGuild = (locale: string, g = guild) =>
      buildInteraction(InteractionType.ApplicationCommand, commandData('1', 'topics', [], g.id), {
        applicationId: APP,
        actor: { locale },
        guild: g,
        botPermissions: PERMISSIONS.bot,
      }).payload;
    expect(parseInteraction(inGuild('es-419', de))).toMatchObject({
      base: { locale: 'es-ES', guildLocale: 'de' },
    });
    expect(parseInteraction(inGuild('pt-BR'))).toMatchObject({
      base: { locale: 'pt-BR', guildLocale: 'en-US' },
    });
    // A language the bot does not speak: English for the user, no server language.
    expect(parseInteraction(inGuild('ja', createGuild({ locale: 'ko' })))).toMatchObject({
      base: { locale: 'en-US', guildLocale: null },
    });
    expect(parseInteraction(slash('topics', [], { guild: null, locale: 'hi' }))).toMatchObject({
      base: { locale: 'hi', guildLocale: null },
    });
  });

  it('reads a PING', () => {
    expect(parseInteraction({ id: '1', application_id: APP, type: 1, token: 't', version: 1 })).toEqual({
      kind: 'ping',
      id: '1',
    });
  });

  it('reads a slash command in a subcommand group, with its options as plain values', () => {
    const options = nestOptions(
      optionPayloads({
        channel: { type: ApplicationCommandOptionType.Channel, value: '123456789012345678' },
      }),
      'review-channel',
      'config',
    );
    const parsed = parseInteraction(slash('faq', options));
    expect(parsed).toMatchObject({
      kind: 'command',
      command: 'faq',
      input: {
        subcommandGroup: 'config',
        subcommand: 'review-channel',
        options: { channel: '123456789012345678' },
      },
      base: { guildId: guild.id, channelId: guild.channels[0]!.id, applicationId: APP },
    });
  });

  it("takes the member's rights from this interaction's permissions: Manage Messages alone", () => {
    const parsed = parseInteraction(
      slash('faq', [], {
        permissions: PERMISSIONS.member | PermissionFlagsBits.ManageMessages,
        roles: ['42'],
      }),
    );
    expect(parsed.kind !== 'ping' && parsed.base.access).toEqual({
      manageMessages: true,
      manageGuild: false,
      roleIds: ['42'],
    });
  });

  it('gives an Administrator every right, as discord.js does', () => {
    const parsed = parseInteraction(slash('faq', [], { permissions: PERMISSIONS.administrator }));
    expect(parsed.kind !== 'ping' && parsed.base.access).toMatchObject({
      manageMessages: true,
      manageGuild: true,
    });
  });

  it('gives an ordinary member neither right', () => {
    const parsed = parseInteraction(slash('faq', [], { permissions: PERMISSIONS.member }));
    expect(parsed.kind !== 'ping' && parsed.base.access).toMatchObject({
      manageMessages: false,
      manageGuild: false,
    });
  });

  it('names the invoker by global name when there is no nickname, else by username', () => {
    const withGlobal = parseInteraction(
      slash('topics', [], { user: { id: '5', username: 'u', globalName: 'Ursula' } }),
    );
    const plain = parseInteraction(slash('topics', [], { user: { id: '5', username: 'u' } }));
    expect(withGlobal.kind !== 'ping' && withGlobal.base.user).toEqual({ id: '5', displayName: 'Ursula' });
    expect(plain.kind !== 'ping' && plain.base.user).toEqual({ id: '5', displayName: 'u' });
  });

  it('reads a direct message: no guild and no member rights', () => {
    const parsed = parseInteraction(slash('topics', [], { guild: null }));
    expect(parsed).toMatchObject({ kind: 'command', base: { guildId: null, access: null } });
  });

  it('reads autocomplete with the focused option and what has been typed', () => {
    const options = nestOptions(optionPayloads({ entry: 'thre' }, 'entry'), 'show');
    const parsed = parseInteraction(
      payload(InteractionType.ApplicationCommandAutocomplete, commandData('1', 'faq', options, guild.id)),
    );
    expect(parsed).toMatchObject({
      kind: 'autocomplete',
      command: 'faq',
      input: { subcommand: 'show', focused: { name: 'entry', value: 'thre' } },
    });
  });

  it('reads a button click with the message it is on', () => {
    const parsed = parseInteraction(
      payload(InteractionType.MessageComponent, buttonData('faq:approve:3'), {}, { id: '777' }),
    );
    expect(parsed).toMatchObject({ kind: 'component', customId: 'faq:approve:3', messageId: '777' });
  });

  it('reads a modal submit', () => {
    const parsed = parseInteraction(
      payload(InteractionType.ModalSubmit, modalData('faq:suggest', { question: 'Q?', answer: 'A.' })),
    );
    expect(parsed).toMatchObject({
      kind: 'modal',
      customId: 'faq:suggest',
      fields: { question: 'Q?', answer: 'A.' },
      messageId: null,
    });
  });

  it('leaves user commands and select menus to no handler', () => {
    const userCommand = payload(InteractionType.ApplicationCommand, { id: '1', name: 'Report', type: 2 });
    const select = payload(InteractionType.MessageComponent, {
      custom_id: 'x',
      component_type: ComponentType.StringSelect,
    });
    expect(parseInteraction(userCommand)).toMatchObject({ kind: 'unsupported' });
    expect(parseInteraction(select)).toMatchObject({ kind: 'unsupported' });
  });

  it('refuses a payload without a token, naming the field and not its value', () => {
    const { token: _token, ...rest } = slash('topics', []);
    expect(() => parseInteraction(rest)).toThrow(InteractionPayloadError);
    expect(() => parseInteraction(rest)).toThrow(/token/);
    expect(() => parseInteraction('not an object')).toThrow(InteractionPayloadError);
  });
});

describe('modalFields', () => {
  it('finds text inputs in action rows and in labels', () => {
    expect(
      modalFields([
        { type: 1, components: [{ type: 4, custom_id: 'question', value: 'Q' }] },
        { type: 18, id: 2, component: { type: 4, custom_id: 'answer', value: 'A' } },
      ]),
    ).toEqual({ question: 'Q', answer: 'A' });
  });
});
