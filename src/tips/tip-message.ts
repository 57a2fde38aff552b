/**
 * How a privacy tip looks when posted, the same for /privacy-tip and scheduled posts: the tip
 * as an embed (title, body, where to find the setting, related topic, sources, review date)
 * and a button that opens the related topic. It never pings anyone. The tip and its topic come
 * from the knowledge base of the reader's language; the button answers in that language too.
 */

import { localiseCommandMentions } from '../i18n/command-mentions.js';
import { formatCalendarDate } from '../i18n/format.js';
import type { Translator } from '../i18n/messages.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { Tip } from '../knowledge/schema.js';
import type { Reply, ReplyEmbedField } from '../replies/reply.js';
import { ANSWER_COLOR, formatSources, topicButton } from '../replies/topic-reply.js';

/** `tip` and `knowledge` in `tr`'s language (services.library.in(tr.locale)). */
export function tipReply(tip: Tip, knowledge: KnowledgeBase, tr: Translator): Reply {
  const topic = knowledge.topic(tip.topic);
  const fields: ReplyEmbedField[] = [
    { name: tr('tip.whereToFind'), value: tip.where },
    { name: tr('tip.relatedTopic'), value: topic ? topic.title : tip.topic },
  ];
  if (tip.sources.length > 0) fields.push({ name: tr('common.sources'), value: formatSources(tip.sources) });
  return {
    embeds: [
      {
        title: tr('tip.title', { title: tip.title }),
        description: localiseCommandMentions(tip.body, tr.locale),
        color: ANSWER_COLOR,
        fields,
        footer: tr('tip.footer', { date: formatCalendarDate(tr.locale, tip.reviewed) }),
      },
    ],
    ...(topic && { buttons: [[topicButton(topic, tr.locale, tr('tip.readMore', { title: topic.title }))]] }),
  };
}
