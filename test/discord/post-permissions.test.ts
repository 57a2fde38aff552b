import { PermissionFlagsBits } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { missingPostPermissions } from '../../src/discord/post-permissions.js';
import { translator } from '../../src/i18n/messages.js';
import { describePostProblem, type PostProblem } from '../../src/replies/post-problem.js';

const grant =
  (...flags: bigint[]) =>
  (flag: bigint) =>
    flags.includes(flag);
const { ViewChannel, SendMessages, SendMessagesInThreads, EmbedLinks } = PermissionFlagsBits;

describe('missingPostPermissions', () => {
  it('is null when View Channel, Send Messages and Embed Links are granted', () => {
    expect(missingPostPermissions(grant(ViewChannel, SendMessages, EmbedLinks), false, 'tips')).toBeNull();
  });

  const described = (problem: PostProblem | null) =>
    problem && describePostProblem(problem, translator('en-US'));

  it('names the one missing permission, singular, with the channel', () => {
    const problem = missingPostPermissions(grant(ViewChannel, SendMessages), false, 'tips');
    expect(problem).toEqual({ code: 'missing-permissions', channelName: 'tips', missing: ['embedLinks'] });
    expect(described(problem)).toBe(
      "I need the **Embed Links** permission in #tips; a server admin can grant it in the channel's settings.",
    );
  });

  it('names several missing permissions in the plural, as a list in the reader language', () => {
    const problem = missingPostPermissions(grant(ViewChannel), false, 'tips');
    expect(problem).toMatchObject({ missing: ['sendMessages', 'embedLinks'] });
    expect(described(problem)).toBe(
      "I need the **Send Messages** and **Embed Links** permissions in #tips; a server admin can grant them in the channel's settings.",
    );
  });

  it('in a thread, asks for Send Messages in Threads rather than Send Messages', () => {
    expect(
      missingPostPermissions(grant(ViewChannel, SendMessagesInThreads, EmbedLinks), true, 't'),
    ).toBeNull();
    expect(missingPostPermissions(grant(ViewChannel, SendMessages, EmbedLinks), true, 't')).toMatchObject({
      missing: ['sendMessages'],
    });
  });
});
