import { ButtonStyle, ComponentType, MessageFlags, TextInputStyle } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { messagePayload, modalPayload } from '../../src/discord/payload.js';
import { DISCORD_LIMITS } from '../../src/replies/limits.js';

describe('messagePayload, the one outgoing choke point', () => {
  it('parses no mentions at all by default, whatever the text says', () => {
    const payload = messagePayload({ content: '@everyone @here <@&1> <@2>' });
    expect(payload.allowed_mentions).toEqual({ parse: [] });
  });

  it('allows exactly the targeted user when the reply names one', () => {
    expect(messagePayload({ content: 'hi', mentionUserId: '42' }).allowed_mentions).toEqual({
      parse: [],
      users: ['42'],
    });
  });

  it('marks a new ephemeral message with the ephemeral flag but never an edit', () => {
    expect(messagePayload({ content: 'x', ephemeral: true }).flags).toBe(MessageFlags.Ephemeral);
    expect(messagePayload({ content: 'x', ephemeral: true }, 'edit').flags).toBeUndefined();
    expect(messagePayload({ content: 'x' }).flags).toBeUndefined();
  });

  it('always carries content, embeds and components so an edit clears what the reply omits', () => {
    expect(messagePayload({ content: 'only text' }, 'edit')).toMatchObject({
      content: 'only text',
      embeds: [],
      components: [],
    });
  });

  it('fits content, embeds and buttons to Discord limits', () => {
    const payload = messagePayload({
      content: 'x'.repeat(5_000),
      embeds: [{ title: 't'.repeat(300), description: 'd'.repeat(5_000), footer: 'f' }],
      buttons: [[{ customId: `ask:topic:${'a'.repeat(200)}`, label: 'l'.repeat(200) }]],
    });
    expect(payload.content.length).toBe(DISCORD_LIMITS.messageContent);
    expect(payload.embeds[0]?.title?.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
    expect(payload.embeds[0]?.description?.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    expect(payload.embeds[0]?.footer).toEqual({ text: 'f' });
    const button = payload.components[0]?.components[0];
    expect(button).toMatchObject({ type: ComponentType.Button, style: ButtonStyle.Secondary });
    expect(button && 'label' in button && button.label?.length).toBeLessThanOrEqual(
      DISCORD_LIMITS.buttonLabel,
    );
    expect(button && 'custom_id' in button && button.custom_id.length).toBe(DISCORD_LIMITS.customId);
  });

  it('turns a link button into a Discord link button with no custom id', () => {
    const payload = messagePayload({
      content: 'x',
      buttons: [[{ url: 'https://about.meta.com', label: 'Meta' }]],
    });
    expect(payload.components[0]?.components[0]).toEqual({
      type: ComponentType.Button,
      style: ButtonStyle.Link,
      label: 'Meta',
      url: 'https://about.meta.com',
    });
  });
});

describe('modalPayload', () => {
  it('builds text inputs within Discord limits', () => {
    const modal = modalPayload({
      customId: 'faq:suggest',
      title: 'T'.repeat(80),
      fields: [
        { customId: 'question', label: 'L'.repeat(80), style: 'short', required: true, maxLength: 200 },
        {
          customId: 'answer',
          label: 'Answer',
          style: 'paragraph',
          required: false,
          value: 'v'.repeat(5_000),
        },
      ],
    });
    expect(modal.title.length).toBe(DISCORD_LIMITS.modalTitle);
    const [first, second] = modal.components.map((row) =>
      'components' in row ? row.components[0] : undefined,
    );
    expect(first).toMatchObject({
      custom_id: 'question',
      style: TextInputStyle.Short,
      required: true,
      max_length: 200,
    });
    expect(first && 'label' in first && first.label?.length).toBe(DISCORD_LIMITS.textInputLabel);
    expect(second).toMatchObject({ style: TextInputStyle.Paragraph, required: false });
    expect(second && 'value' in second && second.value?.length).toBe(DISCORD_LIMITS.textInputValue);
  });

  it('cuts a pre-filled value by characters as Discord counts them, never inside an emoji', () => {
    const modal = modalPayload({
      customId: 'faq:edit:1',
      title: 'Edit',
      fields: [
        {
          customId: 'answer',
          label: 'Answer',
          style: 'paragraph',
          required: true,
          value: `x${'😀'.repeat(4_000)}`,
        },
      ],
    });
    const [row] = modal.components;
    const input = row && 'components' in row ? row.components[0] : undefined;
    expect(input && 'value' in input && input.value).toBe(
      `x${'😀'.repeat(DISCORD_LIMITS.textInputValue - 1)}`,
    );
  });
});
