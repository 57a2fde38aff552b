-- A server's language for what the bot posts there on its own (scheduled tips, review-channel
-- cards and notes), chosen by a moderator with `/faq config language`: a Discord locale code the
-- bot has content in (src/i18n/locales.ts), or NULL to follow the server's own language in
-- Discord. A code, never a language name: the words live in the catalogues.
ALTER TABLE faq_guild_settings ADD COLUMN language TEXT;
