/**
 * Discord's hard limits, in one place. Every module that builds or checks outgoing
 * content imports these instead of repeating numbers.
 * Source: Discord developer documentation (messages, embeds, components, interactions).
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
