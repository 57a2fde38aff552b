import { PermissionFlagsBits } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { missingPostPermissions } from '../../src/discord/post-permissions.js';

const grant =
  (...flags: bigint[]) =>
  (flag: bigint) =>
    flags.includes(flag);
const { ViewChannel, SendMessages, SendMessagesInThreads, EmbedLinks } = PermissionFlagsBits;

describe('missingPostPermissions', () => {
  it('is null when View Channel, Send Messages and Embed Links are granted', () => {
    expect(missingPostPermissions(grant(ViewChannel, SendMessages, EmbedLinks), false, 'tips')).toBeNull();
  });

  it('names the one missing permission, singular, with the channel', () => {
    expect(missingPostPermissions(grant(ViewChannel, SendMessages), false, 'tips')).toBe(
      "I need the **Embed Links** permission in #tips; a server admin can grant it in the channel's settings.",
    );
  });

  it('names several missing permissions in the plural', () => {
    expect(missingPostPermissions(grant(ViewChannel), false, 'tips')).toBe(
      "I need the **Send Messages**, **Embed Links** permissions in #tips; a server admin can grant it in the channel's settings.",
    );
  });

  it('in a thread, asks for Send Messages in Threads rather than Send Messages', () => {
    expect(
      missingPostPermissions(grant(ViewChannel, SendMessagesInThreads, EmbedLinks), true, 't'),
    ).toBeNull();
    expect(missingPostPermissions(grant(ViewChannel, SendMessages, EmbedLinks), true, 't')).toContain(
      '**Send Messages**',
    );
  });
});
