/**
 * Discord's hard limits, in one place. Every module that builds or checks outgoing
 * content imports these instead of repeating numbers.
 * Source: Discord developer documentation (messages, embeds, components, interactions).
 * Text limits are characters as Discord counts them (Unicode code points): measure with
 * discordLength and cut with cutText from ./text-length.ts (or truncate from ./fit.ts), never `.length`/`.slice`.
 */
export const DISCORD_LIMITS = {
  /** Time Discord waits for the first response to an interaction. */
  firstResponseMs: 3_000,
  /** Defer when a handler has not answered by then, leaving margin inside firstResponseMs. */
  deferAfterMs: 2_000,
  messageContent: 2_000,
  embedTitle: 256,
  embedDescription: 4_096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1_024,
  embedFooterText: 2_048,
  embedAuthorName: 256,
  /** Sum of all embed text in one message. */
  embedsTotal: 6_000,
  embedsPerMessage: 10,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  buttonLabel: 80,
  buttonsPerRow: 5,
  actionRows: 5,
  customId: 100,
  modalTitle: 45,
  textInputLabel: 45,
  textInputValue: 4_000,
  textInputPlaceholder: 100,
  commandName: 32,
  commandDescription: 100,
  optionDescription: 100,
} as const;

export type DiscordLimit = keyof typeof DISCORD_LIMITS;

/**
 * Answer budgets of our own (characters, counted with discordLength from text-length.ts), tighter than Discord's
 * limits so an answer reads on one phone screen: the embed description of an `/ask` answer,
 * and all visible text of the `/connected` headline (content, title, description, fields, footer).
 */
export const ANSWER_BUDGETS = {
  askDescription: 1_200,
  headlineVisible: 1_500,
} as const;
