/**
 * The transport-agnostic reply model. Command handlers return these plain objects;
 * the Discord adapter (src/discord/payload.ts) and the console renderer turn them
 * into a Discord payload or terminal text. Nothing here knows about discord.js.
 */

export type ButtonStyle = 'primary' | 'secondary' | 'success' | 'danger';

export interface ReplyButton {
  /** `${commandName}:${action}[:${arg}...]`, routed back to the command module that made it. */
  readonly customId: string;
  readonly label: string;
  readonly style?: ButtonStyle;
  readonly disabled?: boolean;
}

/** A link button opens a URL instead of sending an interaction. */
export interface ReplyLinkButton {
  readonly url: string;
  readonly label: string;
}

export interface ReplyEmbedField {
  readonly name: string;
  readonly value: string;
  readonly inline?: boolean;
}

export interface ReplyEmbed {
  readonly title?: string;
  readonly url?: string;
  readonly description?: string;
  readonly fields?: readonly ReplyEmbedField[];
  readonly footer?: string;
  /** 0xRRGGBB */
  readonly color?: number;
  /** ISO-8601 time shown by Discord in the reader's own timezone. */
  readonly timestamp?: string;
}

export interface Reply {
  readonly content?: string;
  readonly embeds?: readonly ReplyEmbed[];
  /** Rows of buttons (at most DISCORD_LIMITS.actionRows rows of DISCORD_LIMITS.buttonsPerRow). */
  readonly buttons?: readonly (readonly (ReplyButton | ReplyLinkButton)[])[];
  /** Only the person who asked sees it. Errors, refusals and cooldowns are ephemeral. */
  readonly ephemeral?: boolean;
  /**
   * The one user this message may ping. Nobody else is ever pinged, whatever the text says:
   * the adapter turns this into `allowed_mentions: { parse: [], users: [id] }`.
   */
  readonly mentionUserId?: string;
  /**
   * The IANA timezone this reply's times belong to (a tip schedule's). Discord ignores it: its
   * timestamps show in each reader's own zone. The console, one reader and no timestamp markup,
   * shows the times in this zone with its name, so a 09:00 Europe/Berlin schedule reads 09:00.
   */
  readonly timeZone?: string;
}

export interface ModalField {
  readonly customId: string;
  readonly label: string;
  readonly style: 'short' | 'paragraph';
  readonly required: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly placeholder?: string;
  /** Pre-filled text (used when editing). */
  readonly value?: string;
}

export interface Modal {
  readonly customId: string;
  readonly title: string;
  readonly fields: readonly ModalField[];
}

/** What a handler asks the transport to do. */
export type HandlerResponse =
  /** Send a new message (the interaction's reply). */
  | { readonly kind: 'message'; readonly reply: Reply }
  /** Replace the message a button was clicked on (pagination, resolved review cards). */
  | { readonly kind: 'update'; readonly reply: Reply }
  /** Open a modal form (only as the first response to a command or button). */
  | { readonly kind: 'modal'; readonly modal: Modal };

export const message = (reply: Reply): HandlerResponse => ({ kind: 'message', reply });
export const update = (reply: Reply): HandlerResponse => ({ kind: 'update', reply });
export const openModal = (modal: Modal): HandlerResponse => ({ kind: 'modal', modal });
/** A short private notice: errors, refusals, cooldowns, confirmations. */
export const ephemeral = (content: string): HandlerResponse => ({
  kind: 'message',
  reply: { content, ephemeral: true },
});

export function isLinkButton(button: ReplyButton | ReplyLinkButton): button is ReplyLinkButton {
  return 'url' in button;
}
