/**
 * Checks that each topic and tip can be shown whole in one Discord embed, so kb:check
 * catches content that the reply layer would otherwise have to cut short in front of users.
 */

import { DEFAULT_LOCALE, LOCALES } from '../i18n/locales.js';
import { DISCORD_LIMITS as L } from '../replies/limits.js';
import { discordLength as length } from '../replies/text-length.js';
import { sectionButtonId } from '../replies/topic-reply.js';
import type { KnowledgeProblem } from './files.js';
import type { KnowledgeBase } from './knowledge-base.js';
import { LOCALES_DIR } from './translations.js';

function sourcesLength(sources: readonly { title: string; url: string }[]): number {
  // Rendered as one "[title](url)" line each in a Sources field.
  return sources.reduce((sum, s) => sum + length(s.title) + length(s.url) + 5, 0);
}

/** Problems name the file they come from: the English one, or the translation's. */
export function discordFitProblems(knowledge: KnowledgeBase): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  const root = knowledge.locale === DEFAULT_LOCALE ? '' : `${LOCALES_DIR}/${knowledge.locale}/`;
  for (const topic of knowledge.topics) {
    const file = `${root}topics/${topic.id}.md`;
    if (length(topic.title) > L.embedTitle) {
      problems.push({ file, field: 'title', message: `is longer than an embed title (${L.embedTitle})` });
    }
    if (length(topic.body) > L.embedDescription) {
      problems.push({
        file,
        field: 'body',
        message: `is ${length(topic.body)} characters; an embed description holds ${L.embedDescription}`,
      });
    }
    const sources = sourcesLength(topic.sources);
    if (sources > L.embedFieldValue) {
      problems.push({
        file,
        field: 'sources',
        message: `take ${sources} characters; one embed field holds ${L.embedFieldValue}`,
      });
    }
    const total = length(topic.title) + length(topic.body) + sources;
    if (total > L.embedsTotal) {
      problems.push({
        file,
        field: 'body',
        message: `title, body and sources total ${total} characters; one message holds ${L.embedsTotal}`,
      });
    }
  }
  // A section's button carries the topic id, the section id and the language of its message;
  // Discord refuses a custom id over 100 characters (replies/custom-id.ts), and that would break
  // every answer showing the button, so the ids must leave room for the longest locale code.
  for (const topic of knowledge.topics) {
    for (const [i, section] of topic.sections.entries()) {
      for (const locale of LOCALES) {
        try {
          sectionButtonId(topic.id, section.id, locale);
        } catch (error) {
          if (!(error instanceof RangeError)) throw error;
          problems.push({
            file: `${root}topics/${topic.id}.md`,
            field: `sections.${i}.id`,
            message: `with the topic id it makes a button id longer than Discord's ${L.customId} characters in ${locale}; shorten one of them`,
          });
          break;
        }
      }
    }
  }
  for (const tip of knowledge.tips) {
    const file = `${root}privacy-tips/${tip.id}.md`;
    if (length(tip.title) > L.embedTitle) {
      problems.push({ file, field: 'title', message: `is longer than an embed title (${L.embedTitle})` });
    }
    if (length(tip.where) > L.embedFieldValue) {
      problems.push({
        file,
        field: 'where',
        message: `is longer than an embed field (${L.embedFieldValue})`,
      });
    }
    const total = length(tip.title) + length(tip.body) + length(tip.where) + sourcesLength(tip.sources);
    if (total > L.embedsTotal) {
      problems.push({
        file,
        field: 'body',
        message: `the tip totals ${total} characters; one message holds ${L.embedsTotal}`,
      });
    }
  }
  return problems;
}
