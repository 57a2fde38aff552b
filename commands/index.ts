/** The list of command modules: the only registry. Transports and deploy read it. */
import { askCommand } from './ask.js';
import { connectedCommand } from './connected.js';
import { faqCommand } from './faq.js';
import { createHelpCommand } from './help.js';
import { privacyTipCommand } from './privacy-tip.js';
import { privacyTipsCommand } from './privacy-tips.js';
import { topicsCommand } from './topics.js';
import type { CommandModule } from './types.js';

export const commands: readonly CommandModule[] = [
  connectedCommand,
  askCommand,
  topicsCommand,
  faqCommand,
  privacyTipCommand,
  privacyTipsCommand,
  createHelpCommand(() => commands),
];
