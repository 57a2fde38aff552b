/** Discord timestamps: the client shows them in every reader's own timezone and language. */

/** `F`: full date and time ("Wednesday, 25 November 2026 09:00"); `R`: relative ("in 2 hours"). */
export type TimestampStyle = 'F' | 'R';

export function discordTimestamp(ms: number, style: TimestampStyle): string {
  return `<t:${Math.floor(ms / 1000)}:${style}>`;
}
