/**
 * Links in member-written FAQ text, judged as they will be published. Discord's client, every
 * browser and this bot's source button read a link with the WHATWG URL parser, which lowers the
 * case, maps full-width and ideographic full stops (IDNA), percent-decodes the host, drops the
 * default port and reads `\` as `/`. So `https://discord%2Egg/abc`, `https://discord。gg/abc` and
 * `https://discord.gg:443/abc` all open discord.gg/abc. The filter therefore reads every
 * link-shaped piece of text through parseLink, the same function publishing uses, and judges the
 * host and path that come out, never the spelling that went in.
 */

/**
 * Where a Discord server invite can hide, for the FAQ's invite filter (a named list so a new
 * redirector is one line). Where the entries come from:
 * - Discord's own invite forms: discord.gg/<code>, discord.com/invite/<code> and the older
 *   discordapp.com/invite/<code>, as Discord's help article "Invites 101" shows them, on any
 *   subdomain (ptb., canary., www.); watchanimeattheoffice.com is a domain Discord owns that
 *   serves the same /invite/ pages.
 * - Vanity and short-link services whose every link redirects to an invite: discord.me,
 *   discord.li and discord.io, the ones python-discord/bot's invite filter blocks
 *   (bot/utils/regex.py, INVITE_RE); dsc.gg, named in issue #9; invite.gg, a service of the same
 *   kind (invite.gg/<name> redirects to a discord.gg invite).
 */
export const INVITE_LINK_HOSTS = {
  /** Every path on these hosts and their subdomains is an invite or redirects to one. */
  anyPath: ['discord.gg', 'dsc.gg', 'invite.gg', 'discord.me', 'discord.li', 'discord.io'],
  /** On these hosts and their subdomains, a path whose first segment is `invite` is an invite. */
  invitePath: ['discord.com', 'discordapp.com', 'watchanimeattheoffice.com'],
} as const;

/**
 * The one reading of a link, shared by the filter and by publishing: `text` parsed by the WHATWG
 * URL Standard (`new URL`), as Discord's client and browsers parse it before opening it. Null
 * unless it is an http or https URL. Its `href` is the form that is stored and published.
 */
export function parseLink(text: string): URL | null {
  if (!URL.canParse(text)) return null;
  const url = new URL(text);
  return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
}

/** The host a link opens: lower case (the parser's doing) without the trailing dot DNS allows. */
export function linkHost(url: URL): string {
  return url.hostname.replace(/\.+$/, '');
}

/** A host that is a name a reader takes for a web address: dotted labels ending in a TLD. */
export function isDomainName(host: string): boolean {
  return /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(host);
}

/** A host name or an IP address (`1.2.3.4`, `[::1]`): what link text can pretend to be. */
const isAddress = (host: string) =>
  isDomainName(host) || /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host) || host.startsWith('[');

/** Path segments as a web server reads them: percent-decoded, empty ones (`//`) dropped. */
function pathSegments(url: URL): string[] {
  return url.pathname
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}

const onHost = (host: string, base: string) => host === base || host.endsWith(`.${base}`);

/** Whether a parsed link opens a Discord server invite (INVITE_LINK_HOSTS). */
export function isInviteLink(url: URL): boolean {
  const host = linkHost(url);
  const segments = pathSegments(url);
  if (INVITE_LINK_HOSTS.anyPath.some((base) => onHost(host, base))) return segments.length > 0;
  if (INVITE_LINK_HOSTS.invitePath.some((base) => onHost(host, base))) {
    return segments[0]?.toLowerCase() === 'invite';
  }
  return false;
}

/** What ends a link-shaped piece of text: white space, and the Markdown that wraps links. */
const PIECE_BREAK = /[\s<>()[\]{}"'`*_|~]+/u;
/** After one of these, a new address may start inside a piece (`see:discord.gg/x`, `a@b`). */
const ADDRESS_START = /[^\p{L}\p{N}.%-](?=[\p{L}\p{N}])/gu;

/**
 * Every reading of `text` as links: each piece between spaces and Markdown, from its start and
 * from every point a new address could begin, with `https://` in front when it has no scheme
 * (a reader who pastes `discord.gg/abc` into a browser gets there too).
 */
function linkReadings(text: string): URL[] {
  const urls: URL[] = [];
  for (const piece of text.split(PIECE_BREAK)) {
    if (piece === '') continue;
    const starts = new Set([0]);
    for (const match of piece.matchAll(ADDRESS_START)) starts.add(match.index + 1);
    for (const start of starts) {
      const candidate = piece.slice(start);
      const url = parseLink(/^https?:/i.test(candidate) ? candidate : `https://${candidate}`);
      if (url) urls.push(url);
    }
  }
  return urls;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A host written with spaces around its dots (`discord . gg`), which no parser reads as a link. */
const spacedHost = (host: string) => host.split('.').map(escapeRegExp).join('\\s*\\.\\s*');
/**
 * Invites spelt with spaces so they are not links (`discord . gg / abc`) but any reader can
 * retype them; matched on text whose full stops were unified first (spacedInviteText).
 */
const SPACED_INVITE = new RegExp(
  `(?<![\\p{L}\\p{N}-])(?:(?:${INVITE_LINK_HOSTS.anyPath.map(spacedHost).join('|')})\\s*\\/\\s*[\\p{L}\\p{N}]` +
    `|(?:${INVITE_LINK_HOSTS.invitePath.map(spacedHost).join('|')})\\s*\\/\\s*invite\\b)`,
  'iu',
);

/** Text with the full stops IDNA treats as dots (。．｡) and full-width letters made plain (NFKC). */
const unifiedText = (text: string) => text.normalize('NFKC').replace(/[\u3002\uff0e\uff61]/g, '.');

/** Whether `text` contains a Discord invite, however its link is spelt (see the module comment). */
export function containsInviteLink(text: string): boolean {
  return SPACED_INVITE.test(unifiedText(text)) || linkReadings(text).some(isInviteLink);
}

/** A Markdown masked link, `[text](target)`, as Discord renders it in embeds. */
export interface MaskedLink {
  /** The Markdown as written. */
  readonly markdown: string;
  /** The text a reader sees. */
  readonly text: string;
  /** Where the link opens. */
  readonly target: URL;
}

/**
 * `[text](target)`, the target optionally in `<>` and followed by a quoted title; the text may
 * hold one level of brackets, the target balanced parentheses (`Meta_(company)`).
 */
const MASKED_LINK =
  /\[((?:[^[\]]|\[[^[\]]*\])*)\]\(\s*<?((?:[^\s()<>]|\([^\s()<>]*\))+)>?(?:\s+"[^"]*")?\s*\)/g;

/** Every masked link in `text` whose target is an http(s) link, in order. */
export function maskedLinks(text: string): MaskedLink[] {
  const links: MaskedLink[] = [];
  for (const match of text.matchAll(MASKED_LINK)) {
    const target = parseLink(match[2] ?? '');
    if (target) links.push({ markdown: match[0], text: match[1] ?? '', target });
  }
  return links;
}

/** Hosts that the words of a link's text name, as URLs or bare domain names (`help.instagram.com`). */
function hostsNamedIn(text: string): string[] {
  return [...new Set(linkReadings(text).map(linkHost).filter(isAddress))];
}

const withoutWww = (host: string) => host.replace(/^www\./, '');

/** A masked link whose text names a host other than the one it opens. */
export interface MisleadingLink {
  readonly link: MaskedLink;
  /** The host the text shows. */
  readonly shown: string;
  /** The host the link opens. */
  readonly opens: string;
}

/**
 * Masked links that show one address and open another: `[https://help.instagram.com/](https://example.net/x)`.
 * Text in words (`[Accounts Centre](https://accountscenter.meta.com/)`) is not misleading, nor is
 * text naming the very host it opens, with or without `www.`.
 */
export function misleadingLinks(text: string): MisleadingLink[] {
  const found: MisleadingLink[] = [];
  for (const link of maskedLinks(text)) {
    const opens = linkHost(link.target);
    const shown = hostsNamedIn(link.text).find((host) => withoutWww(host) !== withoutWww(opens));
    if (shown !== undefined) found.push({ link, shown, opens });
  }
  return found;
}

/**
 * `text` with each misleading masked link replaced by the address it really opens, for text
 * stored before such links were refused: readers then see where the link goes.
 */
export function revealMisleadingLinks(text: string): string {
  let revealed = text;
  for (const { link } of misleadingLinks(text))
    revealed = revealed.replace(link.markdown, `<${link.target.href}>`);
  return revealed;
}

/** Autolinks: Discord turns `http(s)://…` up to white space or `<` into a link. */
const AUTOLINK = /https?:\/\/[^\s<]+/gi;

/**
 * The hosts every link in `text` opens, masked or bare, in order of first appearance, so a
 * moderator sees where each link goes before approving.
 */
export function linkTargets(text: string): string[] {
  const hosts = maskedLinks(text).map((link) => linkHost(link.target));
  for (const match of text.matchAll(AUTOLINK)) {
    const url = parseLink(match[0]);
    if (url) hosts.push(linkHost(url));
  }
  return [...new Set(hosts)];
}
