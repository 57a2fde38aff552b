import { describe, expect, it } from 'vitest';
import { MAX_QUESTION_CHARS, stem, terms, words } from '../../src/search/normalise.js';
import { editDistance, TypoCorrector } from '../../src/search/typo-corrector.js';

describe('words', () => {
  it('lower-cases and drops accents, punctuation, apostrophes and invisible characters', () => {
    expect(words("What's Façebook's\u200b DEAL?! (ig)")).toEqual(['whats', 'facebooks', 'deal', 'ig']);
  });

  it('drops Discord markup: mentions, command mentions, timestamps and custom emoji', () => {
    expect(
      words(
        '@everyone <@123456789012345678> <@!1> <@&42> <#7> @here </ask:9> <t:1700000000:R> <:insta:5> is fb connected to ig',
      ),
    ).toEqual(['is', 'fb', 'connected', 'to', 'ig']);
  });

  it(`reads at most ${MAX_QUESTION_CHARS} characters of a question`, () => {
    expect(words('word '.repeat(1_000)).length).toBeLessThanOrEqual(MAX_QUESTION_CHARS / 5);
  });
});

describe('terms', () => {
  it('maps abbreviations to the names the index uses', () => {
    expect(terms('fb ig insta gram msgr')).toEqual([
      'facebook',
      'instagram',
      'instagram',
      'instagram',
      'messenger',
    ]);
    expect(terms('dm')).toEqual(['direct', 'messag']);
  });

  it('gives synonyms and word forms one term', () => {
    expect(new Set(terms('bought purchased acquired acquisition buy'))).toEqual(new Set(['acquir']));
    expect(new Set(terms('linked connected connection link'))).toEqual(new Set(['connect']));
    expect(terms('log in')).toEqual(terms('login'));
    expect(terms('cross-posting')).toEqual(terms('crosspost'));
  });

  it('maps everyday words onto the concepts the knowledge files use', () => {
    expect(terms('phone book')).toEqual(terms('phonebook'));
    expect(terms('phonebook')).toEqual(terms('contacts'));
    expect(terms('two step')).toEqual(terms('2fa'));
    expect(new Set(terms('worried concerns risky'))).toEqual(new Set(terms('risk')));
    expect(new Set(terms('outage went down crashed'))).toEqual(new Set(terms('outage')));
    expect(terms('sponsored')).toEqual(terms('ads'));
    expect(terms('rumours')).toEqual(terms('future'));
  });

  it("reads a shop's stock as its catalogue and a stock photo as a photo, leaving any other stock to finance", () => {
    expect(terms('it says out of stock')).toContain(stem('catalog'));
    expect(terms('when is it back in stock')).toContain(stem('catalog'));
    expect(terms('my stock count is different on ig')).toContain(stem('catalog'));
    expect(terms('can i sell stock photos on instagram')).not.toContain(stem('stock'));
    expect(terms('is meta stock a good buy')).not.toContain(stem('catalog'));
    expect(terms('is it smart to put money in stock of meta')).not.toContain(stem('catalog'));
  });

  it("reads a person's death and the asker's own as terms, and leaves apps and phones that die alone", () => {
    const deceased = stem('deceased');
    const ownDeath = stem('owndeath');
    for (const q of [
      'my grandpa died what happens to his facebook',
      'my dad passed away last year',
      'someone who sadly died keeps showing up',
      'can i log into my dead dads facebook',
      'my sister is dead, can we close her insta',
      'birthday reminders for my late sister',
      'someone hacked my late fathers facebook',
      'my nephew passed and his facebook is still public',
      'i lost my mom last year and her facebook still pops up',
      'my father is no longer with us',
      'my best friend killed himself',
    ]) {
      expect(terms(q), q).toContain(deceased);
      expect(terms(q), q).not.toContain(ownDeath);
    }
    for (const q of [
      'what happens to my instagram when i die',
      'if i were to die who gets my ig',
      'what happens to my facebook when im dead',
    ]) {
      expect(terms(q), q).toContain(ownDeath);
      expect(terms(q), q).not.toContain(deceased);
    }
    for (const q of [
      'my phone died and i cant log in',
      'my moms phone died',
      'my sisters whatsapp is dead since yesterday',
      'mom says whatsapp died again',
      'insta and wa all died at once',
      'does my insta die with it if i delete fb',
      'is facebook dead',
      'fb is dead bro',
      'threads is dead, who even uses it',
      'i got a late friend request from my dad',
      'what exactly gets passed between them',
      'he passed the info to facebook',
      'i lost my moms phone',
      'too late to cancel deleting my fb',
    ]) {
      expect(terms(q), q).not.toContain(deceased);
      expect(terms(q), q).not.toContain(ownDeath);
    }
  });

  it('reads "buy" as shopping when a person buys and as an acquisition when a company does', () => {
    expect(terms('can i buy things')).toContain(stem('shop'));
    expect(terms('did facebook buy instagram')).toContain(stem('acquire'));
  });

  it('forms a compound when its first word comes abbreviated (accts centre = accounts centre)', () => {
    expect(terms('where is accts centre')).toEqual(['accountscenter']);
    expect(terms('acc center on insta')).toEqual(['accountscenter', 'instagram']);
  });

  it('reads a request to break into an account as one term, apart from a hacked asker', () => {
    for (const q of [
      "can u hack my gf's insta",
      'how do i hack someones fb',
      'how to hack an account',
      'hack my exs ig',
      'i want to hack my exs instagram',
      'help me hack her facebook',
      'is there a way i can hack his fb',
    ])
      expect(terms(q), q).toEqual(expect.arrayContaining(terms('intrude')));
    for (const q of [
      'my insta got hacked',
      'can someone hack my ig through fb',
      'someone is trying to hack my account',
      'how do i hack back into my old account',
      'how can i hack my instagram i lost access',
      'how do i hack my way into my old account',
      "i need to hack into my dead dad's facebook",
      'any hack for linking insta and fb',
      'how to hack proof my instagram',
    ])
      expect(terms(q), q).not.toEqual(expect.arrayContaining(terms('intrude')));
  });

  it('reads apps named by their look (the green chat app, the blue one, the lightning bolt)', () => {
    expect(terms('the green chat app')).toEqual(terms('whatsapp app'));
    expect(terms('the blue one')).toEqual(terms('facebook'));
    expect(terms('lightning bolt')).toEqual(terms('messenger'));
    expect(terms('blue tick')).not.toEqual(expect.arrayContaining(terms('facebook')));
    // Logos and nicknames: the blue f, the camera logo, the pink app, the infinity sign, the text-post app.
    expect(terms('the app with the blue f')).toEqual(terms('app facebook'));
    expect(terms('the pink app')).toEqual(terms('instagram'));
    expect(terms('the one with the camera logo')).toEqual(terms('one instagram'));
    // A phone's camera app, or a camera icon in a chat, is a camera.
    expect(terms('the camera app on my phone')).not.toEqual(expect.arrayContaining(terms('instagram')));
    expect(terms('that infinity logo')).toEqual(terms('meta'));
    expect(terms('the text-post app')).toEqual(terms('threads'));
    expect(terms('the twitter clone')).toEqual(terms('threads'));
    // A text post by itself is a post, on any app.
    expect(terms('a text post on facebook')).not.toEqual(expect.arrayContaining(terms('threads')));
    // Accounts by the app's look or purpose: my photo account, my blue account.
    expect(terms('my photo account')).toEqual(terms('instagram'));
    expect(terms('the photo one')).toEqual(terms('instagram'));
    expect(terms('my blue account')).toEqual(terms('facebook'));
    expect(terms('the blue social network')).toEqual(terms('facebook network'));
  });

  it('reads chat slang for deleting, searching and ads, and drops chat exclamations', () => {
    expect(terms('nuke my fb')).toEqual(terms('delete facebook'));
    expect(terms('stuff i googled')).toEqual(terms('stuff i searched'));
    expect(terms('promos everywhere')).toEqual(terms('ads everywhere'));
    expect(terms('wtf omg smh accounts center')).toEqual(terms('accounts center'));
    // Google is a name, a promo code no ad, and an app "dead at this point" no outage.
    expect(terms('is google owned by meta')).toContain('googl');
    expect(terms('promo code')).not.toEqual(expect.arrayContaining(terms('ad')));
    expect(terms('fb is dead at this point')).not.toEqual(expect.arrayContaining(terms('outage')));
  });

  it('keeps words of seeing and telling, which ask what one app learns from the other', () => {
    expect(terms('can fb see what i do')).toEqual(['facebook', 'see']);
  });

  it('tells how the apps relate apart from linking accounts', () => {
    expect(terms('how are they related')).toEqual(terms('relationship'));
    expect(terms('do they overlap')).toEqual(terms('relationship'));
    expect(terms('how do i link them')).toEqual(['connect']);
    expect(terms('relationship')).not.toEqual(['connect']);
    // "The link between them" asks how they relate; "link ig to fb" is the act of linking.
    expect(terms('the link between them')).toEqual(terms('relationship'));
    expect(terms('link ig to fb')).toContain('connect');
    // "What's the deal with" asks how they relate; any other "the deal with" is a purchase.
    expect(terms("what's the deal with fb")).toEqual(terms('relationship fb'));
    expect(terms('what is the deal with fb')).toEqual(terms('relationship fb'));
    expect(terms('how much was the deal with facebook')).toContain('deal');
  });

  it('drops chat spellings of filler words (wat, abt, tbh), which are no unknown subject', () => {
    expect(terms('wat abt ads tbh')).toEqual(['advert']);
  });

  it('reads instagram.com as Instagram, so ".com" never meets "coming"', () => {
    expect(terms('instagram.com/hacked')).toEqual(['instagram', 'hack']);
    expect(terms('facebook.com')).toEqual(['facebook']);
  });

  it('reads sharing data as its own term, apart from sharing posts', () => {
    const dataSharing = terms('datasharing')[0];
    expect(terms('do fb and insta share my data')).toContain(dataSharing);
    expect(terms('share my reels to fb')).not.toContain(dataSharing);
    expect(terms('share my reels to fb')).toContain(terms('share')[0]);
  });

  it('reads selling data as a data question and selling things as shopping', () => {
    expect(terms('do they sell my instagram data').slice(0, 2)).toEqual(['sell', 'data']);
    expect(terms('does meta sell my info')).toEqual(expect.arrayContaining(['sell', 'data']));
    expect(terms('sell my stuff on instagram')).not.toContain('data');
  });

  it('drops small numbers, which a question is rarely about, and keeps years', () => {
    expect(terms('explain it like im 5')).toEqual([]);
    expect(terms('did facebook buy instagram in 2012')).toEqual(['facebook', 'acquir', 'instagram', '2012']);
  });

  it('drops filler words', () => {
    expect(terms('hey so can you please just explain about the ads')).toEqual(['advert']);
    expect(terms('honestly maybe the ads somehow')).toEqual(['advert']);
  });

  it('reads "new user here" as the asker introducing themselves, not as a question about new apps', () => {
    expect(terms('new user here, ads?')).toEqual(['advert']);
    expect(terms('new app')).toContain('new');
  });

  it('reads fear words as a question about risk', () => {
    expect(terms('scared')).toEqual(terms('worried'));
    expect(terms('scary')).toEqual(terms('risk'));
    expect(terms('nervous')).toEqual(terms('risk'));
  });
});

describe('stem', () => {
  it('gives a noun in -isation the stem of its verb (personalisation = personalised)', () => {
    expect(stem('personalisation')).toBe(stem('personalised'));
    expect(stem('personalization')).toBe(stem('personalize'));
  });

  it('merges plurals and -ing/-ed forms', () => {
    expect(stem('stories')).toBe(stem('story'));
    expect(stem('sharing')).toBe(stem('share'));
    expect(stem('shared')).toBe(stem('share'));
    expect(stem('servers')).toBe(stem('server'));
    expect(stem('shopping')).toBe(stem('shop'));
  });

  it('merges British and American spellings and common derived forms', () => {
    expect(stem('personalised')).toBe(stem('personalized'));
    expect(stem('verification')).toBe(stem('verified'));
    expect(stem('automatically')).toBe(stem('automatic'));
  });
});

describe('typo correction', () => {
  it('measures edits, counting a swap of neighbours as one', () => {
    expect(editDistance('instgram', 'instagram', 2)).toBe(1);
    expect(editDistance('instagarm', 'instagram', 2)).toBe(1);
    expect(editDistance('topping', 'shopping', 1)).toBe(2);
  });

  it('corrects slips in longer words but leaves short real words alone', () => {
    const corrector = new TypoCorrector();
    corrector.addWords(['instagram', 'privacy', 'facebook', 'book', 'shopping']);
    expect(corrector.candidates('instgram')[0]).toBe('instagram');
    expect(corrector.candidates('privasy')[0]).toBe('privacy');
    expect(corrector.candidates('facebookk')[0]).toBe('facebook');
    expect(corrector.candidates('cook')).toEqual([]);
    expect(corrector.candidates('topping')).toEqual([]);
  });
});
