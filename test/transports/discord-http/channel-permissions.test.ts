import { OverwriteType, PermissionFlagsBits as P } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import {
  channelPermissions,
  type PermissionInputs,
} from '../../../src/transports/discord-http/channel-permissions.js';

const GUILD = '100';
const BOT = '200';
const BOT_ROLE = '300';
const OTHER_ROLE = '301';

const base: PermissionInputs = {
  guildId: GUILD,
  ownerId: '999',
  roles: [
    { id: GUILD, permissions: String(P.ViewChannel) },
    { id: BOT_ROLE, permissions: String(P.SendMessages | P.EmbedLinks) },
    { id: OTHER_ROLE, permissions: String(P.ManageMessages) },
  ],
  memberId: BOT,
  memberRoleIds: [BOT_ROLE],
  overwrites: [],
};
const has = (bits: bigint, flag: bigint) => (bits & flag) === flag;

describe('channelPermissions', () => {
  it('adds the member roles to @everyone', () => {
    const bits = channelPermissions(base);
    expect(has(bits, P.ViewChannel | P.SendMessages | P.EmbedLinks)).toBe(true);
    expect(has(bits, P.ManageMessages)).toBe(false);
  });

  it('lets a role overwrite deny what a role grants, and a member overwrite win over both', () => {
    const denied = channelPermissions({
      ...base,
      overwrites: [{ id: BOT_ROLE, type: OverwriteType.Role, allow: '0', deny: String(P.SendMessages) }],
    });
    expect(has(denied, P.SendMessages)).toBe(false);
    const memberAllows = channelPermissions({
      ...base,
      overwrites: [
        { id: BOT_ROLE, type: OverwriteType.Role, allow: '0', deny: String(P.SendMessages) },
        { id: BOT, type: OverwriteType.Member, allow: String(P.SendMessages), deny: '0' },
      ],
    });
    expect(has(memberAllows, P.SendMessages)).toBe(true);
  });

  it('applies the @everyone overwrite before role overwrites, so a role allow beats an @everyone deny', () => {
    const bits = channelPermissions({
      ...base,
      overwrites: [
        { id: GUILD, type: OverwriteType.Role, allow: '0', deny: String(P.ViewChannel | P.SendMessages) },
        { id: BOT_ROLE, type: OverwriteType.Role, allow: String(P.ViewChannel), deny: '0' },
      ],
    });
    expect(has(bits, P.ViewChannel)).toBe(true);
    // Denied for @everyone in the channel, and no overwrite of the bot's gives it back.
    expect(has(bits, P.SendMessages)).toBe(false);
  });

  it('ignores overwrites for roles the member does not have', () => {
    const bits = channelPermissions({
      ...base,
      overwrites: [{ id: OTHER_ROLE, type: OverwriteType.Role, allow: '0', deny: String(P.SendMessages) }],
    });
    expect(has(bits, P.SendMessages)).toBe(true);
  });

  it('gives Administrator and the owner everything, whatever the overwrites say', () => {
    const deny = [{ id: BOT_ROLE, type: OverwriteType.Role, allow: '0', deny: String(P.SendMessages) }];
    const admin = channelPermissions({
      ...base,
      roles: [...base.roles, { id: '302', permissions: String(P.Administrator) }],
      memberRoleIds: [BOT_ROLE, '302'],
      overwrites: deny,
    });
    expect(has(admin, P.SendMessages)).toBe(true);
    expect(has(channelPermissions({ ...base, ownerId: BOT, overwrites: deny }), P.SendMessages)).toBe(true);
  });
});
