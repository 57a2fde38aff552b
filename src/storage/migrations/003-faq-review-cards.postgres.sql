-- Where each suggestion's review card was posted, so that a decision taken somewhere else can
-- bring the card up to date. One card per entry; ids are Discord snowflakes.
CREATE TABLE faq_review_cards (
  entry_id   BIGINT PRIMARY KEY REFERENCES faq_entries (id),
  channel_id TEXT   NOT NULL,
  message_id TEXT   NOT NULL
);
