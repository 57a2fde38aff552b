/**
 * Splits a topic's Markdown body into its lead and its `## ` sections and checks them against
 * the `sections` list in the front matter (knowledge/README.md describes the format). A section
 * is the unit of an `/ask` answer, so the rules here are what keeps every answer short and
 * every heading findable: one front-matter entry per heading, in order, with the text sizes
 * from schema.ts counted as Discord counts characters.
 */
import { discordLength as textLength } from '../replies/text-length.js';
import type { KnowledgeProblem } from './files.js';
import { type Section, TOPIC_LEAD_MAX, TOPIC_SECTION_MAX, type Topic, type TopicFile } from './schema.js';

interface BodyPart {
  readonly heading: string;
  readonly text: string;
}

/** A `## ` heading line (exactly two hashes: `###` belongs to the section's text). */
const SECTION_HEADING = /^##[ \t]+(.+?)[ \t#]*$/;
/** Fenced code blocks may contain lines that look like headings. */
const FENCE = /^(```|~~~)/;

/**
 * Body -> the lead (text before the first `## ` heading) and each heading with its text.
 * Pure; never throws. Headings inside fenced code blocks are text.
 */
export function splitBody(body: string): { lead: string; parts: BodyPart[] } {
  const lead: string[] = [];
  const parts: { heading: string; lines: string[] }[] = [];
  let inFence = false;
  for (const line of body.split(/\r?\n/)) {
    if (FENCE.test(line.trim())) inFence = !inFence;
    const heading = inFence ? null : SECTION_HEADING.exec(line);
    if (heading) parts.push({ heading: heading[1]!.trim(), lines: [] });
    else (parts.at(-1)?.lines ?? lead).push(line);
  }
  return {
    lead: lead.join('\n').trim(),
    parts: parts.map((p) => ({ heading: p.heading, text: p.lines.join('\n').trim() })),
  };
}

/**
 * A validated topic file -> a Topic with its lead and sections, or null after adding every
 * problem found to `problems` (file names the topic's file, fields are "body" or "sections.N").
 */
export function attachSections(file: string, topic: TopicFile, problems: KnowledgeProblem[]): Topic | null {
  const { lead, parts } = splitBody(topic.body);
  const before = problems.length;
  if (lead === '') {
    problems.push({
      file,
      field: 'body',
      message: 'needs a lead (the short answer) before the first "## " heading',
    });
  } else if (textLength(lead) > TOPIC_LEAD_MAX) {
    problems.push({
      file,
      field: 'body',
      message: `lead is ${textLength(lead)} characters; keep the short answer to ${TOPIC_LEAD_MAX}`,
    });
  }
  const ids = new Set<string>();
  topic.sections.forEach((meta, i) => {
    const field = `sections.${i}`;
    if (ids.has(meta.id))
      problems.push({ file, field: `${field}.id`, message: `"${meta.id}" is used twice` });
    ids.add(meta.id);
    const part = parts[i];
    if (part === undefined) {
      problems.push({
        file,
        field,
        message: `"${meta.heading}" has no "## ${meta.heading}" heading in the body`,
      });
    } else if (part.heading !== meta.heading) {
      problems.push({
        file,
        field: `${field}.heading`,
        message: `is "${meta.heading}" but heading ${i + 1} in the body is "${part.heading}"; they must match, in order`,
      });
    }
  });
  for (const [i, part] of parts.entries()) {
    if (i >= topic.sections.length) {
      problems.push({
        file,
        field: 'sections',
        message: `has no entry for the body's heading "## ${part.heading}"`,
      });
    }
    if (part.text === '') {
      problems.push({ file, field: 'body', message: `section "${part.heading}" has no text` });
    } else if (textLength(part.text) > TOPIC_SECTION_MAX) {
      problems.push({
        file,
        field: 'body',
        message: `section "${part.heading}" is ${textLength(part.text)} characters; a section holds ${TOPIC_SECTION_MAX}`,
      });
    }
  }
  if (problems.length > before) return null;
  const sections: Section[] = topic.sections.map((meta, i) => ({ ...meta, text: parts[i]!.text }));
  return { ...topic, lead, sections };
}
