/**
 * Turns free text (knowledge files, FAQ entries and user questions alike) into search terms:
 * Unicode clean-up, lower case, no accents or punctuation, abbreviations and synonyms mapped
 * to one word, filler words dropped, light stemming. Index and queries share this path, so a
 * question matches however it is spelled, as long as both sides reduce to the same terms.
 */

/** Only this much of a question is read: enough for any real question, bounded for hostile ones. */
export const MAX_QUESTION_CHARS = 600;
/** Terms kept from one question; later ones add cost but rarely meaning. */
export const MAX_QUERY_TERMS = 32;

/**
 * English words that never carry a question's subject: function words, chat fillers and spellings
 * ("tbh", "wat"), hedges and intensifiers ("honestly", "somehow", "maybe"), and the asker calling
 * themselves new ("newbie", and "new user"/"new here" through COMPOUNDS), and "parents": the
 * asker's family ("can my parents see my insta"), where the singular is Meta as a parent company,
 * and hearsay ("heard they'll merge, true?"), which says where a claim came from, not what it is.
 * Dropped before matching.
 */
const STOPWORDS = new Set(
  `a an the and or but nor is are was were be been being am do does did doing done have has had having
  i me my mine myself you your yours yourself we us our ours they them their theirs he him his she her hers
  it its itself this that these those what whats which who whom whose when where why how hows
  of to in on at by for with about from into onto over under as if then than so too very
  can cant could couldnt would wouldnt should shouldnt will wont shall may might must
  just also any some there here not no yes ok okay dont doesnt didnt isnt arent wasnt werent im ive id
  ill youre theyre thats theres hes shes get gets got getting really please pls plz hey hi hello hiya yo thanks thank thx
  anyone someone somebody anybody wondering wonder question questions like kinda sorta
  basically actually literally guys lol lmao ok u ur r wanna gonna want wants need needs way thing things
  stuff something anything other others each every both either neither still even much many more most
  lot lots bit now currently today anymore ever again let lets make makes made seen say said says
  oh well yeah yep nope hmm idk btw work works worked working across between via explain simple terms
  bro bruh dude fam wen wat wut wht wot hw abt bc cuz coz tho thru rn ngl tbh imo imho fr smth sth y n w wo tryna lemme gimme
  wtf omg smh istg lowkey highkey deadass theyll youll itll thatll theyve youve weve theyd youd
  exactly honestly seriously truly somehow anyway anyways maybe perhaps probably definitely simply because inside
  newbie noob parents true heard`.split(/\s+/),
);

/** Abbreviations and synonyms, mapped to the word the index uses. Values may be several words. */
const SYNONYMS: Readonly<Record<string, string>> = {
  fb: 'facebook',
  fbook: 'facebook',
  ig: 'instagram',
  insta: 'instagram',
  gram: 'instagram',
  igram: 'instagram',
  instas: 'instagram',
  msgr: 'messenger',
  dm: 'direct message',
  dms: 'direct message',
  pm: 'direct message',
  pms: 'direct message',
  wa: 'whatsapp',
  acct: 'account',
  accts: 'account',
  acc: 'account',
  accs: 'account',
  accnt: 'account',
  accnts: 'account',
  pw: 'password',
  pwd: 'password',
  credentials: 'password',
  credential: 'password',
  '2fa': 'twofactor',
  mfa: 'twofactor',
  buy: 'acquire',
  buys: 'acquire',
  bought: 'acquire',
  buying: 'acquire',
  purchase: 'acquire',
  purchased: 'acquire',
  acquisition: 'acquire',
  acquired: 'acquire',
  acquiring: 'acquire',
  takeover: 'acquire',
  owns: 'own',
  owned: 'own',
  owner: 'own',
  owners: 'own',
  ownership: 'own',
  connected: 'connect',
  connection: 'connect',
  connections: 'connect',
  connecting: 'connect',
  link: 'connect',
  linked: 'connect',
  linking: 'connect',
  links: 'connect',
  tied: 'connect',
  hooked: 'connect',
  integrated: 'connect',
  integrate: 'connect',
  integration: 'connect',
  // Slang for getting rid of an account ("nuke my threads"). ("Yeet" is any throw: posts
  // "yeeting themselves onto fb" are shared, not deleted.)
  nuke: 'delete',
  nuked: 'deleted',
  nuking: 'deleting',
  // To google something is to search for it ("ads for things i googled"); Google itself stays a name.
  googled: 'searched',
  googling: 'searching',
  seperate: 'separate',
  seperated: 'separate',
  chat: 'message',
  chats: 'message',
  chatting: 'message',
  messaging: 'message',
  texting: 'message',
  ad: 'advert',
  ads: 'advert',
  promos: 'advert',
  adverts: 'advert',
  advertising: 'advert',
  advertisement: 'advert',
  advertisements: 'advert',
  advertiser: 'advert',
  advertisers: 'advert',
  pic: 'photo',
  pics: 'photo',
  picture: 'photo',
  pictures: 'photo',
  image: 'photo',
  images: 'photo',
  centre: 'center',
  centres: 'center',
  datacenter: 'data center',
  datacenters: 'data center',
  datacentre: 'data center',
  datacentres: 'data center',
  signin: 'login',
  logon: 'login',
  recommend: 'suggest',
  recommends: 'suggest',
  recommended: 'suggest',
  recommending: 'suggest',
  recommendation: 'suggest',
  recommendations: 'suggest',
  suggestion: 'suggest',
  suggestions: 'suggest',
  private: 'privacy',
  store: 'shop',
  stores: 'shop',
  repost: 'crosspost',
  reposts: 'crosspost',
  reshare: 'crosspost',
  crossposting: 'crosspost',
  crossposted: 'crosspost',
  merged: 'merge',
  merging: 'merge',
  combine: 'merge',
  combined: 'merge',
  consolidate: 'merge',
  consolidation: 'merge',
  unify: 'merge',
  unified: 'merge',
  vr: 'metaverse',
  advertise: 'advert',
  advertised: 'advert',
  advertises: 'advert',
  spy: 'track',
  spying: 'track',
  spies: 'track',
  snoop: 'track',
  snooping: 'track',
  sso: 'login',
  zuck: 'zuckerberg',
  ftc: 'antitrust',
  subsidiary: 'own',
  autopost: 'crosspost',
  autoposting: 'crosspost',
  catalogue: 'catalog',
  catalogues: 'catalog',
  // Everyday words for each topic's concepts, mapped onto the term the knowledge files use.
  // Ownership: who made it, whose it is.
  belong: 'own',
  belongs: 'own',
  belonged: 'own',
  founded: 'founder',
  cofounder: 'founder',
  cofounders: 'founder',
  creator: 'founder',
  creators: 'founder',
  // Overview: how the apps relate, as opposed to linking two accounts (which is 'connect').
  related: 'relation',
  relate: 'relation',
  relationship: 'relation',
  relationships: 'relation',
  associated: 'relation',
  affiliated: 'relation',
  overlap: 'relation',
  overlaps: 'relation',
  independent: 'relation',
  independently: 'relation',
  cooperate: 'relation',
  depend: 'relation',
  depends: 'relation',
  // Contacts and suggestions.
  phonebook: 'contacts',
  addressbook: 'contacts',
  pymk: 'people you may know',
  recs: 'suggest',
  rec: 'suggest',
  // Shopping.
  inventory: 'catalog',
  // ("stock" alone is left to finance: "meta stock", "should i buy stock"; a shop's stock is read
  // in canonicalWords.)
  merchant: 'seller',
  merchants: 'seller',
  sellers: 'seller',
  vendor: 'seller',
  customers: 'customer',
  payment: 'checkout',
  payments: 'checkout',
  paying: 'checkout',
  ecom: 'ecommerce',
  // Account security and login.
  '2sv': 'twofactor',
  authenticator: 'twofactor',
  otp: 'twofactor',
  passcode: 'password',
  passwords: 'password',
  // Privacy: worry, risk and safety words.
  worried: 'risk',
  scared: 'risk',
  scary: 'risk',
  nervous: 'risk',
  worry: 'risk',
  worries: 'risk',
  worrying: 'risk',
  concern: 'risk',
  concerns: 'risk',
  concerned: 'risk',
  risks: 'risk',
  risky: 'risk',
  danger: 'risk',
  dangerous: 'risk',
  dangers: 'risk',
  unsafe: 'risk',
  creepy: 'risk',
  sketchy: 'risk',
  // Infrastructure: machines and outages.
  computers: 'server',
  computer: 'server',
  hardware: 'server',
  servers: 'server',
  backend: 'server',
  hosting: 'server',
  hosted: 'server',
  outage: 'outage',
  outages: 'outage',
  downtime: 'outage',
  crash: 'outage',
  crashed: 'outage',
  crashes: 'outage',
  crashing: 'outage',
  offline: 'outage',
  // Advertising: sponsored content and a common slip.
  adds: 'advert',
  sponsored: 'advert',
  sponsor: 'advert',
  promoted: 'advert',
  promote: 'advert',
  promoting: 'advert',
  commercials: 'advert',
  marketing: 'advert',
  marketer: 'advert',
  marketers: 'advert',
  commercial: 'advert',
  // Future: plans and rumours.
  rumour: 'future',
  rumours: 'future',
  rumor: 'future',
  rumors: 'future',
  rumoured: 'future',
  rumored: 'future',
  upcoming: 'future',
  roadmap: 'future',
  plans: 'future',
  planning: 'future',
  breakup: 'antitrust',
  lawsuit: 'antitrust',
  lawsuits: 'antitrust',
  sued: 'antitrust',
  host: 'server',
  hosts: 'server',
  corporation: 'company',
  corp: 'company',
  checkmark: 'badge',
  checkmarks: 'badge',
  recovery: 'recover',
  hacker: 'hacked',
  hackers: 'hacked',
  compromised: 'hacked',
  lockout: 'locked',
  auth: 'authentication',
  sms: 'twofactor',
  username: 'account',
  usernames: 'account',
  encrypted: 'secure',
  encryption: 'secure',
  buyer: 'customer',
  buyers: 'customer',
  shipping: 'checkout',
  delivery: 'checkout',
  cookies: 'tracking',
  cookie: 'tracking',
  promotion: 'advert',
  promotions: 'advert',
  interests: 'targeting',
  listen: 'track',
  listening: 'track',
  listens: 'track',
  microphone: 'track',
  mic: 'track',
  surveillance: 'track',
  breach: 'risk',
  breaches: 'risk',
  leak: 'risk',
  leaks: 'risk',
  leaked: 'risk',
  consent: 'permissions',
  chatbot: 'ai',
  chatbots: 'ai',
  llama: 'ai',
  shutdown: 'shut down',
  exes: 'ex',
  carousel: 'post',
  carousels: 'post',
  heading: 'future',
  headed: 'future',
  conversation: 'message',
  conversations: 'message',
  convo: 'message',
  convos: 'message',
  ppl: 'people',
  dollar: 'money',
  dollars: 'money',
  bucks: 'money',
  duplicate: 'crosspost',
  duplicated: 'crosspost',
  duplicates: 'crosspost',
  disappear: 'shut down',
  // "Disable cross-posting" turns a setting off; an account that got "disabled" is banned.
  disable: 'turn off',
  placement: 'advert',
  placements: 'advert',
  client: 'customer',
  clients: 'customer',
  steal: 'track',
  stealing: 'track',
  steals: 'track',
  technology: 'tech',
  technologies: 'tech',
  decade: 'future',
  decades: 'future',
  different: 'separate',
  // Chat slang for the same concepts: apps as family, glued together, hopped between.
  sibling: 'relation',
  siblings: 'relation',
  sister: 'relation',
  sisters: 'relation',
  smash: 'merge',
  smashed: 'merge',
  smashing: 'merge',
  mash: 'merge',
  mashed: 'merge',
  mashing: 'merge',
  // One app for everything ("super app", "everything app") is the apps merged into one.
  superapp: 'one app',
  superapps: 'one app',
  // "The same add" misspells an advert (see COMPOUNDS).
  sameadd: 'same advert',
  cable: 'server',
  cables: 'server',
};

/** Two-word spellings of one idea, joined before synonyms apply ("log in" = "login"). */
const COMPOUNDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // "w/o" and "w/out" are "without" (the slash splits them into two words).
  w: { o: 'without', out: 'without' },
  // "The link between fb and ig" asks how they relate; "link ig to fb" is the action of linking.
  // ("Connection between" needs no rule: "connection" already asks how they relate.)
  // ("Links between", plural, is more often web links: "share links between whatsapp and insta".)
  link: { between: 'relationship' },
  // "New user here" introduces the asker; it is not a question about new apps.
  new: { user: 'newbie', here: 'newbie' },
  super: { app: 'superapp', apps: 'superapp' },
  // "Become one" is merging ("will fb and ig become one"); "become" alone stays a word of its own
  // ("when did facebook become meta" is a rename).
  become: { one: 'merge' },
  becoming: { one: 'merge' },
  everything: { app: 'superapp' },
  cross: { post: 'crosspost', posts: 'crosspost', posting: 'crosspost', posted: 'crosspost' },
  auto: { post: 'crosspost', posting: 'crosspost' },
  log: { in: 'login', on: 'login', into: 'login', out: 'login' },
  logging: { in: 'login', into: 'login', out: 'login' },
  logged: { in: 'login', into: 'login', out: 'login' },
  logs: { in: 'login', out: 'login' },
  went: { down: 'outage', dark: 'outage', offline: 'outage' },
  sign: { in: 'login', on: 'login' },
  signing: { in: 'login' },
  two: { factor: 'twofactor', step: 'twofactor' },
  '2': { factor: 'twofactor', step: 'twofactor' },
  phone: { book: 'phonebook', contacts: 'contacts' },
  // "who" is a filler word, but "who made" asks after founders and owners.
  will: { happen: 'future' },
  who: { made: 'founder', created: 'founder', started: 'founder', runs: 'own', controls: 'own' },
  // "Sell out" is to be bought; "sell off" what one bought is to divest it (the antitrust case).
  sell: { out: 'acquire', off: 'divest' },
  sold: { out: 'acquire', off: 'divest' },
  selling: { out: 'acquire', off: 'divest' },
  address: { book: 'addressbook' },
  go: { down: 'outage' },
  // "dead rn" is an outage; "dead" alone is the app dying out (a future question).
  dead: {
    rn: 'outage',
    now: 'outage',
    today: 'outage',
    again: 'outage',
    also: 'outage',
    // ("dead at" is left out: "fb is dead at this point" is about its future, not an outage.)
  },
  // "The same add": an advert misspelled ("an add account button" stays the action).
  same: { add: 'sameadd' },
  // "The photo app" (or "the photo one", "my photo account") is Instagram, as "the blue app" (or
  // "my blue account", "the blue social network") is Facebook.
  photo: { app: 'instagram', apps: 'instagram', one: 'instagram', account: 'instagram' },
  picture: { app: 'instagram' },
  // Apps named by their look, as people do when they forget a name: WhatsApp is the green
  // (chat) app, Facebook the blue one, Messenger the one with the lightning bolt. "Got into
  // my ig" is someone breaking in.
  green: { app: 'whatsapp', chat: 'whatsapp', messaging: 'whatsapp', one: 'whatsapp' },
  // Facebook's logo is a blue "f", Instagram's a camera (pink to orange), Meta's an infinity sign;
  // Threads, the text app, is often called Twitter's clone.
  blue: {
    app: 'facebook',
    one: 'facebook',
    f: 'facebook',
    site: 'facebook',
    account: 'facebook',
    social: 'facebook',
  },
  // ("camera app/icon" and "pink one" are left out: a phone's camera app, the camera icon in a
  // chat and a pink chat theme are what they say.)
  camera: { logo: 'instagram' },
  pink: { app: 'instagram' },
  infinity: { logo: 'meta', sign: 'meta', symbol: 'meta', icon: 'meta' },
  twitter: { clone: 'threads', copy: 'threads', copycat: 'threads', killer: 'threads' },
  // Threads is "the text app" (Meta calls it text-based), as Instagram is the photo app.
  text: { app: 'threads', based: 'threads' },
  lightning: { bolt: 'messenger' },
  // Where people meet, not what they ask about: the bot lives in Discord servers, so "someone on
  // discord says he can recover my instagram" is a recovery-scam question, not one about Discord
  // ("my discord account got hacked" still names Discord, and is refused as another company's).
  on: { discord: 'here' },
  from: { discord: 'here' },
  got: { into: 'hacked' },
  broke: { into: 'hacked' },
  // A post that "lands on fb" appears there (cross-posting's "appear on facebook").
  land: { on: 'appear' },
  lands: { on: 'appear' },
  landed: { on: 'appear' },
  landing: { on: 'appear' },
  // "Its own thing" is a separate app ("its own company" stays the company Instagram was).
  own: { thing: 'separate' },
  hop: { between: 'switch' },
  hopping: { between: 'switch' },
  jump: { between: 'switch' },
  jumping: { between: 'switch' },
  goes: { down: 'outage' },
  going: { down: 'outage' },
  break: { up: 'antitrust' },
  broken: { up: 'antitrust' },
  split: { up: 'antitrust' },
  sponsored: { post: 'advert', posts: 'advert' },
  people: { recommendations: 'suggest', recs: 'suggest' },
  data: { centre: 'datacenter', center: 'datacenter', centres: 'datacenter', centers: 'datacenter' },
  accounts: { center: 'accountscenter', centre: 'accountscenter' },
  account: { center: 'accountscenter', centre: 'accountscenter' },
};

// Control characters, zero-width and bidirectional marks: invisible, so never part of a word.
export const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;
/** Accents on Latin letters only: Devanagari vowel signs are part of their letters and stay. */
export const LATIN_MARKS = /(?<=\p{Script=Latin})\p{M}+/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const MARKS = /\p{M}+/gu;
/** ".com" in "instagram.com/hacked" is no word: as one it would meet "coming" and "come" (stem "com"). */
export const WEB_SUFFIX = /\.(?:com|net|org)\b/giu;

/**
 * Discord's message markup (its "Message Formatting" reference): mentions (`@everyone`, `@here`,
 * `<@id>`, `<@!id>`, `<@&id>`, `<#id>`), command mentions (`</ask:id>`), timestamps
 * (`<t:1700000000:R>`) and custom emoji (`<:name:id>`, `<a:name:id>`). They say who is addressed,
 * when, or how it looks, never what is asked, so they are no words of a question ("everyone" is
 * also an audience setting in the privacy topic). Global: use with `replace`, not `test`.
 */
export const DISCORD_MARKUP =
  /<(?:@[!&]?|#)\d+>|<\/[\p{L}\p{N}_ -]+:\d+>|<t:-?\d+(?::[tTdDfFR])?>|<a?:\w+:\d+>|@(?:everyone|here)\b/giu;

/** Lower-case words of `text`, accents, punctuation and mentions removed ("Don't" -> "dont"). */
export function words(text: string, maxChars = MAX_QUESTION_CHARS): string[] {
  const bounded = text.length > maxChars ? text.slice(0, maxChars) : text;
  const cleaned = bounded
    .replace(INVISIBLE, '')
    .replace(DISCORD_MARKUP, ' ')
    .replace(WEB_SUFFIX, ' ')
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(NOT_WORD, ' ')
    .trim();
  return cleaned === '' ? [] : cleaned.split(' ');
}

/** A light English stemmer: enough to merge plurals and -ing/-ed forms on both sides. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  // British and American spellings meet: personalised/personalized, organise/organize.
  let w = word
    .replace(/is(e|ed|es|ing|ation|ations)$/, 'iz$1')
    // verification/verify, notification/notify; automatically/automatic.
    .replace(/ifications?$/, 'ify')
    // personalization/personalize: the noun meets the verb.
    .replace(/izations?$/, 'iz')
    .replace(/ically$/, 'ic');
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('ied') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length >= 6) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length >= 5) w = w.slice(0, -2);
  else if (w.endsWith('tion') && w.length >= 7) w = w.slice(0, -3);
  if (/([^aeiouls])\1$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length >= 4) w = w.slice(0, -1);
  return w;
}

// Maps, not object lookups: a user typing "constructor" must not reach Object.prototype.
const SYNONYM_WORDS = new Map(Object.entries(SYNONYMS).map(([from, to]) => [from, to.split(' ')]));
const COMPOUND_WORDS = new Map(
  Object.entries(COMPOUNDS).map(([first, rest]) => [first, new Map(Object.entries(rest))]),
);

/**
 * "Buy" is an acquisition when a company buys ("did fb buy ig") but shopping when a person does
 * ("can i buy things on insta"): after these words it means shopping.
 */
const SHOPPER_WORDS = new Set([
  'i',
  'we',
  'you',
  'u',
  'people',
  'customers',
  'customer',
  'shoppers',
  'users',
]);
const SHOPPING_VERBS = new Set(['buy', 'buying', 'purchase', 'purchasing', 'order']);

/**
 * "Share" means posting to the other app ("share my reels to fb") unless the question is about
 * data ("what data does ig share with fb", "what info does ig pass to fb"): then it is the one
 * term "datasharing", which tells what the apps share apart from seeing or downloading your data,
 * and never meets cross-posting.
 */
const SHARE_WORDS = new Set(['share', 'shares', 'shared', 'sharing', 'pass', 'passes', 'passed', 'passing']);
const DATA_WORDS = new Set(['data', 'info', 'information', 'details', 'activity', 'location', 'searches']);
const SHARE_CONTEXT = 3;
/** "Sell" near a data word ("do they sell my instagram data") is about data, not about a shop. */
const SELL_WORDS = new Set(['sell', 'sells', 'selling', 'sold']);

function isDataSharing(raw: readonly string[], at: number): boolean {
  // "what do they share about me": what is shared about a person is data, not a post.
  if (raw[at + 1] === 'about') return true;
  const from = Math.max(0, at - SHARE_CONTEXT);
  const to = Math.min(raw.length, at + SHARE_CONTEXT + 1);
  for (let j = from; j < to; j++) if (DATA_WORDS.has(raw[j]!)) return true;
  return false;
}

/** A one-word synonym in the plural a compound's first word takes ("acct" -> "accounts"). */
function plural(synonym: readonly string[] | undefined): string {
  if (synonym === undefined || synonym.length !== 1) return '';
  const [word] = synonym as [string];
  return COMPOUND_WORDS.has(word) ? word : `${word}s`;
}

/** "Stock" followed by one of these is a shop's stock; by one of the next, a kind of picture. */
const STOCK_LEVEL_WORDS = new Set(['level', 'levels', 'count', 'counts', 'quantity', 'quantities', 'status']);
const STOCK_PHOTO_WORDS = new Set([
  'photo',
  'photos',
  'image',
  'images',
  'pics',
  'footage',
  'video',
  'videos',
]);

/**
 * A person's death is "deceased" (the memorialisation topic's term) and the asker's own is
 * "owndeath" (that topic's section on deciding for your own accounts), but only when the words say
 * a person died: "my grandpa died", "my dad is dead", "someone who sadly died", "my dead dad's
 * facebook", "my late sister", "passed away", "when i die", "when im dead". Apps and phones "die"
 * and "are dead" all the time ("insta and wa all died at once", "my mom's phone died", "fb is dead
 * bro", "does my insta die with it"), and those stay plain words: the person must be the one who
 * died, with at most DEATH_GAP small words between ("is", "just", "sadly").
 */
const DEATH_WORDS = new Set(['die', 'dies', 'died', 'dead']);
/** People who die in the questions people ask; never forms of address ("bro", "sis"). */
const PERSON_NOUNS = new Set(
  (
    'grandpa grandma grandfather grandmother granny grandad granddad gran nana papa dad daddy father ' +
    'mom mum mother mama brother sister husband wife son daughter uncle aunt auntie cousin nephew niece ' +
    'grandson granddaughter friend bestie relative boyfriend girlfriend fiance fiancee parent grandparent ' +
    'stepdad stepmom stepmum classmate coworker colleague neighbor neighbour person'
  ).split(' '),
);
/** Pronouns that can be the one who died ("he died", "someone who died"), never after "dead". */
const PERSON_PRONOUNS = new Set(['he', 'she', 'they', 'who', 'someone', 'somebody']);
/** Words that may stand between the person and the death: "my dad is dead", "who sadly died". */
const DEATH_FILLERS = new Set(
  'is was has had have just sadly recently suddenly unfortunately tragically finally also unexpectedly'.split(
    ' ',
  ),
);
const DEATH_GAP = 2;
/** "When/after/if i die", "when im dead": the asker planning for their own accounts. */
const OWN_DEATH_LEAD = new Set(['when', 'after', 'if', 'once', 'before']);
/** "A late friend request" is late; "my late friend" died. */
const LATE_NOT_PERSON = new Set(['request', 'requests', 'req', 'reqs']);

function isPersonNoun(word: string | undefined): boolean {
  return word !== undefined && PERSON_NOUNS.has(word);
}

/** "my dead dad's facebook": apostrophes are dropped, so a possessive "dads" names the person too. */
function isPersonNounOrPossessive(word: string | undefined): boolean {
  if (word === undefined) return false;
  return PERSON_NOUNS.has(word) || (word.endsWith('s') && PERSON_NOUNS.has(word.slice(0, -1)));
}

/** The asker's own death ends at raw[at]: "(when) i (eventually/were to) die", "(when) im dead". */
function saysOwnDeath(raw: readonly string[], at: number): boolean {
  if (raw[at] === 'die') {
    for (let j = Math.max(0, at - 3); j < at; j++) if (raw[j] === 'i') return true;
    return false;
  }
  return raw[at] === 'dead' && raw[at - 1] === 'im' && OWN_DEATH_LEAD.has(raw[at - 2] ?? '');
}

/** Someone else's death at raw[at]: the person just before it (past fillers), or after "dead". */
function saysSomeoneDied(raw: readonly string[], at: number): boolean {
  if (raw[at] === 'dead' && isPersonNounOrPossessive(raw[at + 1])) return true;
  for (let j = at - 1, gap = 0; j >= 0 && gap <= DEATH_GAP; j--, gap++) {
    const word = raw[j]!;
    if (isPersonNoun(word) || PERSON_PRONOUNS.has(word)) return true;
    if (!DEATH_FILLERS.has(word)) return false;
  }
  return false;
}

/** After "passed" these words make it a handing-over ("he passed the info to fb"), not a death. */
const PASSED_ON_WORDS = new Set([
  'the',
  'my',
  'it',
  'on',
  'to',
  'data',
  'info',
  'information',
  'stuff',
  'that',
]);
const SELF_WORDS = new Set(['himself', 'herself', 'themselves', 'themself']);

/**
 * How many words from raw[at] say a person died without "die" (0 when they do not): "(my nephew)
 * passed", "lost my mom" (not "lost my mom's phone"), "no longer with us", "killed himself",
 * "committed suicide", "suicide".
 */
function deathEuphemism(raw: readonly string[], at: number): number {
  const word = raw[at];
  const next = raw[at + 1];
  if (word === 'passed' && !PASSED_ON_WORDS.has(next ?? '') && saysSomeoneDied(raw, at)) return 1;
  if (word === 'lost' && (next === 'my' || next === 'our') && isPersonNoun(raw[at + 2])) return 3;
  if (word === 'no' && next === 'longer' && raw[at + 2] === 'with' && raw[at + 3] === 'us') return 4;
  if (word === 'killed' && SELF_WORDS.has(next ?? '')) return 2;
  if (word === 'suicide') return 1;
  return 0;
}

const TEXT_POST_WORDS = new Set(['post', 'posts', 'posting', 'postings']);
const APP_WORDS = new Set(['app', 'apps', 'one', 'thing', 'site', 'platform']);

/** "whats"/"wats" (apostrophes are dropped by words()) or "what is" ends at raw[at]. */
function asksWhatIs(raw: readonly string[], at: number): boolean {
  const word = raw[at];
  if (word === 'whats' || word === 'wats' || word === 'wuts') return true;
  return word === 'is' && (raw[at - 1] === 'what' || raw[at - 1] === 'wat');
}

/** The verb "hack" as typed, base form only: "hacked" and "hackers" say someone else did it. */
const HACK_VERBS = new Set(['hack', 'hak', 'hck']);
/** Words asking someone to do it ("can you hack", "pls hack", "help me hack", "yo hack"). */
const HACK_ASKERS = new Set(['you', 'u', 'ya', 'pls', 'plz', 'please', 'plss', 'me', 'hey', 'yo', 'bro']);
/** Modals around "i" ("how do i hack", "can i hack", "is there a way i can hack"). */
const HACK_MODALS = new Set(['do', 'can', 'could', 'would', 'should']);
/** Wanting it ("i want to hack", "how to hack", "a way to hack"). */
const HACK_WANTS = new Set(['want', 'wanna', 'need', 'how', 'way']);
/** "Hack" as a noun, a trick ("a hack for linking insta and fb", "hack-proof my account"). */
const HACK_NOUN_NEXT = new Set(['for', 'to', 'proof', 'that', 'attempt', 'attempts']);
/** After "hack my": the asker's own account ("hack my instagram i lost access", "hack my way in"; "my own" is OWN_ACCOUNT_WORDS'). */
const OWN_HACK_TARGETS = new Set([
  'way',
  'account',
  'acc',
  'instagram',
  'insta',
  'ig',
  'facebook',
  'fb',
  'whatsapp',
  'wa',
  'threads',
  'messenger',
  'old',
]);
/** Said of one's own account anywhere after it ("hack into my own account", "hack it myself"). */
const OWN_ACCOUNT_WORDS = new Set(['own', 'mine', 'myself']);

/**
 * Whether raw[i], a base-form "hack", asks for a break-in: the question opens with it ("hack my
 * ex's ig"), or it follows an asker ("can u hack", "help me hack"), "i" with a modal ("how do i
 * hack", "i can hack") or wanting ("i want to hack", "how to hack"). Not when it is the asker's own
 * account ("hack back into my old account", "hack my instagram i lost access", "my own"), a dead
 * person's, a trick ("hack for linking", "hack attempt"), or after anyone else ("can someone hack my insta", "trying to hack me").
 */
function asksToHack(raw: readonly string[], i: number): boolean {
  const next = raw[i + 1];
  if (next === 'back' || HACK_NOUN_NEXT.has(next ?? '')) return false;
  if (next === 'my' && OWN_HACK_TARGETS.has(raw[i + 2] ?? '')) return false;
  // Into a dead relative's account ("i need to hack into my dead dad's facebook"): memorialisation's.
  if (raw.slice(i + 1, i + 8).some((w) => OWN_ACCOUNT_WORDS.has(w) || DEATH_WORDS.has(w) || w === 'late'))
    return false;
  const before = raw[i - 1];
  if (before === undefined) return true;
  if (HACK_ASKERS.has(before)) return true;
  if (before === 'i' && HACK_MODALS.has(raw[i - 2] ?? '')) return true;
  if (HACK_MODALS.has(before) && raw[i - 2] === 'i') return true;
  return before === 'to' && HACK_WANTS.has(raw[i - 2] ?? '');
}

/** Applies compounds and synonyms; returns words as the index spells them (stopwords kept). */
export function canonicalWords(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const word = raw[i]!;
    const next = raw[i + 1];
    if ((word === 'passed' || word === 'pass' || word === 'passes') && next === 'away') {
      out.push('deceased');
      i++;
      continue;
    }
    if (DEATH_WORDS.has(word) && saysOwnDeath(raw, i)) {
      out.push('owndeath');
      continue;
    }
    const lateOne =
      word === 'late' && isPersonNounOrPossessive(next) && !LATE_NOT_PERSON.has(raw[i + 2] ?? '');
    if (lateOne || (DEATH_WORDS.has(word) && saysSomeoneDied(raw, i))) {
      out.push('deceased');
      continue;
    }
    // "My nephew passed", "i lost my mom", "no longer with us", "killed himself": said without "died".
    const euphemism = deathEuphemism(raw, i);
    if (euphemism > 0) {
      out.push('deceased');
      i += euphemism - 1;
      continue;
    }
    // "Can you hack my gf's insta", "how do i hack someone's fb": a request to break into an
    // account, not a hacked asker ("my insta got hacked", "can someone hack my ig through fb").
    if (HACK_VERBS.has(word) && asksToHack(raw, i)) {
      out.push('intrude');
      continue;
    }
    if (SHARE_WORDS.has(word) && isDataSharing(raw, i)) {
      out.push('datasharing');
      continue;
    }
    // Selling data is a privacy question, not shopping: said as the knowledge base says it.
    if (SELL_WORDS.has(word) && isDataSharing(raw, i)) {
      out.push('sell', 'data');
      continue;
    }
    if (SHOPPING_VERBS.has(word) && i > 0 && SHOPPER_WORDS.has(raw[i - 1]!)) {
      out.push('shop');
      continue;
    }
    // A shop's stock is its catalogue ("out of stock", "back in stock", "my stock count"); a stock
    // photo is a photo; any other "stock" is left to finance ("meta stock", "put money in stock").
    if (word === 'stock' || word === 'stocks') {
      if (STOCK_PHOTO_WORDS.has(next ?? '')) continue;
      const shops =
        (raw[i - 1] === 'of' && raw[i - 2] === 'out') ||
        (raw[i - 1] === 'in' && raw[i - 2] === 'back') ||
        STOCK_LEVEL_WORDS.has(next ?? '');
      if (shops) {
        out.push('catalog');
        continue;
      }
    }
    // "What's the deal with fb and ig" asks how they relate, not about the 2012 deal ("a deal with
    // facebook", "how much was the deal with facebook" stay one): only after "what's/what is the".
    if (word === 'deal' && next === 'with' && raw[i - 1] === 'the' && asksWhatIs(raw, i - 2)) {
      out.push(...(SYNONYM_WORDS.get('relationship') ?? ['relationship']));
      i++;
      continue;
    }
    // "The text-post app", "that text posting app": Threads ("a text post" alone stays a post).
    if (word === 'text' && TEXT_POST_WORDS.has(next ?? '') && APP_WORDS.has(raw[i + 2] ?? '')) {
      out.push(...(SYNONYM_WORDS.get('threads') ?? ['threads']));
      i += 2;
      continue;
    }
    // A compound's first word may come abbreviated or corrected ("accts centre" is "accounts centre").
    const joined =
      next === undefined
        ? undefined
        : (COMPOUND_WORDS.get(word) ?? COMPOUND_WORDS.get(plural(SYNONYM_WORDS.get(word))))?.get(next);
    if (joined !== undefined) {
      i++;
      const synonym = SYNONYM_WORDS.get(joined);
      if (synonym === undefined) out.push(joined);
      else out.push(...synonym);
      continue;
    }
    const synonym = SYNONYM_WORDS.get(word);
    if (synonym === undefined) out.push(word);
    else for (const w of synonym) out.push(w);
  }
  return out;
}

/** English's filler words, for telling English apart from other languages (language-detection.ts). */
export function englishStopwords(): string[] {
  return [...STOPWORDS];
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** Words with a meaning of their own in the index, even before any content is loaded. */
export function builtInVocabulary(): string[] {
  return [...Object.keys(SYNONYMS), ...Object.values(SYNONYMS).flatMap((v) => v.split(' '))];
}

/**
 * A number of one to three digits ("like im 5", "20 min", "$50") is rarely what a question is
 * about, yet as a rare term it would outweigh every real word; years (2012, 2014) stay.
 */
const SMALL_NUMBER = /^\d{1,3}$/;

/** Full pipeline for text: words -> canonical words -> drop fillers -> stems. Duplicates kept. */
export function terms(text: string, maxChars = Number.POSITIVE_INFINITY): string[] {
  return termsOfWords(words(text, maxChars));
}

export function termsOfWords(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (const word of canonicalWords(raw)) {
    if (word.length === 0 || STOPWORDS.has(word) || SMALL_NUMBER.test(word)) continue;
    out.push(stem(word));
  }
  return out;
}

/** Terms plus each pair of neighbouring terms ("one account"), so phrases outrank loose words. */
export function withPairs(termList: readonly string[]): string[] {
  const out = [...termList];
  for (let i = 0; i + 1 < termList.length; i++) {
    if (termList[i] !== termList[i + 1]) out.push(`${termList[i]} ${termList[i + 1]}`);
  }
  return out;
}

/**
 * Synonyms whose word is an app's or Meta's name ("ig" -> "instagram", "wa" -> "whatsapp"):
 * people type these the same way in every language, so every language's analysis uses them.
 */
export function appNameSynonyms(names: ReadonlySet<string>): ReadonlyMap<string, string> {
  return new Map(Object.entries(SYNONYMS).filter(([, to]) => names.has(to)));
}
