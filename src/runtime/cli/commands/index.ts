import type { Command } from '../command.js';
import { dlqCommand } from './dlq.js';
import { scanCommand } from './scan.js';
import { serveCommand } from './serve.js';
import { triageCommand } from './triage.js';

/** Every `sekisho` command, in the order `--help` lists them. Each lives in its own file beside this one. */
export const commands: readonly Command[] = [serveCommand, scanCommand, dlqCommand, triageCommand];
