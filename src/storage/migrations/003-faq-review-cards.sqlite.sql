-- Where each suggestion's review card was posted, so that a decision taken somewhere else
-- (`/faq review`, another moderator's card) can bring the card up to date instead of leaving
-- buttons on it that can no longer do anything. One card per entry; ids are Discord snowflakes.
CREATE TABLE faq_review_cards (
  entry_id   INTEGER PRIMARY KEY REFERENCES faq_entries (id),
  channel_id TEXT    NOT NULL,
  message_id TEXT    NOT NULL
) STRICT;
