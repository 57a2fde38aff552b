/**
 * How a privacy tip looks when posted, the same for /privacy-tip and scheduled posts: the tip
 * as an embed (title, body, where to find the setting, related topic, sources, review date)
 * and a button that opens the related topic. It never pings anyone.
 */

import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { Tip } from '../knowledge/schema.js';
import type { Reply, ReplyEmbedField } from '../replies/reply.js';
import { ANSWER_COLOR, formatSources, topicButton } from '../replies/topic-reply.js';

export function tipReply(tip: Tip, knowledge: KnowledgeBase): Reply {
  const topic = knowledge.topic(tip.topic);
  const fields: ReplyEmbedField[] = [
    { name: 'Where to find it', value: tip.where },
    { name: 'Related topic', value: topic ? topic.title : tip.topic },
  ];
  if (tip.sources.length > 0) fields.push({ name: 'Sources', value: formatSources(tip.sources) });
  return {
    embeds: [
      {
        title: `Privacy tip: ${tip.title}`,
        description: tip.body,
        color: ANSWER_COLOR,
        fields,
        footer: `Last reviewed ${tip.reviewed} · /privacy-tip for another`,
      },
    ],
    ...(topic && { buttons: [[topicButton(topic, `Read more: ${topic.title}`)]] }),
  };
}
