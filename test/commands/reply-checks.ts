/**
 * Assertions shared by the command tests: a reply as a handler returns it (before the
 * transport's fitReply safety net) must already respect every Discord limit and ping nobody.
 * Text is measured as Discord measures it (discordLength), so a check is neither looser nor
 * stricter than Discord.
 */
import { expect } from 'vitest';
import type { Topic } from '../../src/knowledge/schema.js';
import { DISCORD_LIMITS as L } from '../../src/replies/limits.js';
import { type HandlerResponse, isLinkButton, type Reply } from '../../src/replies/reply.js';
import { discordLength } from '../../src/replies/text-length.js';

/** Length of an optional text as Discord counts it (discordLength), 0 when absent. */
const size = (text: string | undefined): number => (text === undefined ? 0 : discordLength(text));

export function expectWithinDiscordLimits(reply: Reply, label = 'reply'): void {
  expect(size(reply.content), `${label}: content`).toBeLessThanOrEqual(L.messageContent);
  expect(reply.embeds?.length ?? 0, `${label}: embeds`).toBeLessThanOrEqual(L.embedsPerMessage);
  let total = 0;
  for (const embed of reply.embeds ?? []) {
    expect(size(embed.title), `${label}: embed title`).toBeLessThanOrEqual(L.embedTitle);
    expect(size(embed.description), `${label}: embed description`).toBeLessThanOrEqual(L.embedDescription);
    expect(size(embed.footer), `${label}: embed footer`).toBeLessThanOrEqual(L.embedFooterText);
    expect(embed.fields?.length ?? 0, `${label}: embed fields`).toBeLessThanOrEqual(L.embedFields);
    total += size(embed.title) + size(embed.description) + size(embed.footer);
    for (const field of embed.fields ?? []) {
      expect(discordLength(field.name), `${label}: field name`).toBeGreaterThan(0);
      expect(discordLength(field.name), `${label}: field name`).toBeLessThanOrEqual(L.embedFieldName);
      expect(discordLength(field.value), `${label}: field "${field.name}"`).toBeGreaterThan(0);
      expect(discordLength(field.value), `${label}: field "${field.name}"`).toBeLessThanOrEqual(
        L.embedFieldValue,
      );
      total += discordLength(field.name) + discordLength(field.value);
    }
  }
  expect(total, `${label}: total embed text`).toBeLessThanOrEqual(L.embedsTotal);
  const rows = reply.buttons ?? [];
  expect(rows.length, `${label}: button rows`).toBeLessThanOrEqual(L.actionRows);
  for (const row of rows) {
    expect(row.length, `${label}: buttons in a row`).toBeGreaterThan(0);
    expect(row.length, `${label}: buttons in a row`).toBeLessThanOrEqual(L.buttonsPerRow);
    for (const button of row) {
      expect(discordLength(button.label), `${label}: button label`).toBeGreaterThan(0);
      expect(discordLength(button.label), `${label}: button "${button.label}"`).toBeLessThanOrEqual(
        L.buttonLabel,
      );
      if (!isLinkButton(button)) expect(button.customId.length).toBeLessThanOrEqual(L.customId);
    }
  }
  expect(reply.mentionUserId, `${label}: mentions`).toBeUndefined();
}

/** The reply of a 'message' response, failing the test for any other kind. */
export function messageReply(response: HandlerResponse): Reply {
  if (response.kind !== 'message') throw new Error(`expected a message, got ${response.kind}`);
  return response.reply;
}

/** Custom ids of every button in a reply, row by row. */
export function buttonIds(reply: Reply): string[] {
  return (reply.buttons ?? []).flat().flatMap((b) => (isLinkButton(b) ? [] : [b.customId]));
}

/** Every piece of text a reply shows. */
export function replyText(reply: Reply): string {
  const parts: string[] = [reply.content ?? ''];
  for (const embed of reply.embeds ?? []) {
    parts.push(embed.title ?? '', embed.description ?? '', embed.footer ?? '');
    for (const field of embed.fields ?? []) parts.push(field.name, field.value);
  }
  for (const button of (reply.buttons ?? []).flat()) parts.push(button.label);
  return parts.join('\n');
}

/** A made-up topic with long texts, for checking that replies stay in limits as content grows. */
export function syntheticTopic(n: number, overrides: Partial<Topic> = {}): Topic {
  return {
    id: `topic-${n}`,
    title: `A deliberately long topic title number ${n} that asks a question about Meta's apps?`.slice(
      0,
      100,
    ),
    summary: `Summary ${n}: ${'a sentence that goes on for a while. '.repeat(8)}`.slice(0, 300),
    label: `Topic ${n} with a long label`.slice(0, 40),
    aliases: [],
    keywords: ['keyword'],
    examples: ['one', 'two', 'three'],
    related: [],
    sources: [{ title: `Source ${n}`, url: `https://example.com/${n}` }],
    reviewed: '2026-11-25',
    pinned: false,
    broad: false,
    lead: `Lead ${n}. ${'A short answer. '.repeat(60)}`.slice(0, 700),
    sections: [1, 2].map((i) => ({
      id: `part-${i}`,
      heading: `Part ${i} of topic ${n}`,
      keywords: [],
      examples: ['a', 'b'],
      text: `Section ${i}. ${'More words about how the apps connect. '.repeat(40)}`.slice(0, 1100),
    })),
    body: `Body ${n}. ${'More words about how the apps connect. '.repeat(100)}`.slice(0, 4096),
    ...overrides,
  };
}
