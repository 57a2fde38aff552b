import { describe, expect, it } from 'vitest';
import {
  containsInviteLink,
  INVITE_LINK_HOSTS,
  isInviteLink,
  linkTargets,
  misleadingLinks,
  parseLink,
  revealMisleadingLinks,
} from '../../src/faq/links.js';

describe('containsInviteLink', () => {
  it.each([
    'discord.gg/abc',
    'https://discord.gg/abc',
    'DISCORD.GG/abc',
    'discord . gg / abc',
    'https://discord.com/invite/abc',
    'https://ptb.discord.com/invite/abc',
    'http://discordapp.com/invite/abc',
  ])('finds %s', (text) => {
    expect(containsInviteLink(`join ${text} now`)).toBe(true);
  });

  // Each of these opens a real invite once a browser or Discord has parsed it.
  it.each([
    'https://discord%2Egg/abc',
    'https://discord.gg\\abc',
    'https://discord。gg/abc',
    'https://discord．gg/abc',
    'https://ｄｉｓｃｏｒｄ.gg/abc',
    'https://discord.gg:443/abc',
    'https://discord.gg./abc',
    'https://discord%2Ecom/invite/abc',
    'https://discord.com/%69nvite/abc',
    'https://discord.com//invite/abc',
    'https://help.instagram.com@discord.gg/abc',
    'https:discord.gg/abc',
    'https://disc\u00adord.gg/abc',
    'see:discord%2Egg/abc',
    '[Instagram help](https://discord%2Egg/abc)',
    '**https://discord.gg:443/abc**',
  ])('finds the invite in %s, judged as it is parsed when opened', (text) => {
    expect(containsInviteLink(`join ${text} now`)).toBe(true);
  });

  it.each([
    'https://dsc.gg/abc',
    'https://invite.gg/abc',
    'https://discord.me/abc',
    'https://discord.li/abc',
    'https://discord.io/abc',
    'https://watchanimeattheoffice.com/invite/abc',
    'dsc . gg / abc',
  ])('finds the invite redirector %s', (text) => {
    expect(containsInviteLink(text)).toBe(true);
  });

  it.each([
    'https://discord.com/developers/docs',
    'https://help.instagram.com/',
    'discord is a chat app',
    'Is discord.gg safe to click?',
    'https://example.com/invite/abc',
    'my.discord.gg.example.com/abc',
  ])('does not flag %s', (text) => {
    expect(containsInviteLink(text)).toBe(false);
  });

  it('keeps the invite hosts as one named list', () => {
    for (const host of INVITE_LINK_HOSTS.anyPath) expect(containsInviteLink(`https://${host}/x`)).toBe(true);
    for (const host of INVITE_LINK_HOSTS.invitePath)
      expect(containsInviteLink(`https://${host}/invite/x`)).toBe(true);
  });
});

describe('parseLink and isInviteLink', () => {
  it('reads a link as the WHATWG URL parser does, the form that is published', () => {
    expect(parseLink('https://discord%2Egg:443/abc')?.href).toBe('https://discord.gg/abc');
    expect(parseLink('HTTPS://Help.Instagram.com\\x')?.href).toBe('https://help.instagram.com/x');
    expect(parseLink('ftp://example.com/')).toBeNull();
    expect(parseLink('not a link')).toBeNull();
  });

  it('judges the parsed host and path', () => {
    const invite = (text: string) => isInviteLink(parseLink(text) as URL);
    expect(invite('https://discord.gg/abc')).toBe(true);
    expect(invite('https://discord.gg/')).toBe(false);
    expect(invite('https://canary.discord.com/INVITE/abc')).toBe(true);
    expect(invite('https://discord.com/channels/1/2')).toBe(false);
  });
});

describe('misleadingLinks', () => {
  it.each([
    ['[https://help.instagram.com/](https://example.net/x)', 'help.instagram.com', 'example.net'],
    ['[help.instagram.com](https://example.net/x)', 'help.instagram.com', 'example.net'],
    ['[Open help。instagram。com](<https://example.net/x>)', 'help.instagram.com', 'example.net'],
    ['[**facebook.com/help**](https://evil.example/x "Facebook")', 'facebook.com', 'evil.example'],
  ])('finds link text that names another address: %s', (markdown, shown, opens) => {
    expect(misleadingLinks(`Read ${markdown} first.`).map(({ shown, opens }) => ({ shown, opens }))).toEqual([
      { shown, opens },
    ]);
  });

  it.each([
    '[Accounts Centre](https://accountscenter.meta.com/)',
    '[help.instagram.com](https://help.instagram.com/1234)',
    '[www.facebook.com/help](https://facebook.com/help)',
    '[Meta (company)](https://en.wikipedia.org/wiki/Meta_(company))',
    'plain https://help.instagram.com/ text',
  ])('accepts honest link text: %s', (text) => {
    expect(misleadingLinks(text)).toEqual([]);
  });

  it('shows the real address in place of a misleading link', () => {
    expect(
      revealMisleadingLinks(
        'See [https://help.instagram.com/](https://example.net/x), or [help](https://help.instagram.com/).',
      ),
    ).toBe('See <https://example.net/x>, or [help](https://help.instagram.com/).');
  });
});

describe('linkTargets', () => {
  it('lists the host every link opens, masked or bare, once each', () => {
    expect(
      linkTargets(
        'See [Instagram help](https://example.net/x) and https://help.instagram.com/a, https://example.net/y',
      ),
    ).toEqual(['example.net', 'help.instagram.com']);
    expect(linkTargets('No links here.')).toEqual([]);
  });
});
