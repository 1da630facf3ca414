import type { Command } from '../command.js';
import { scanCommand } from './scan.js';

/** Every `sekisho` command, in the order `--help` lists them. Each lives in its own file beside this one. */
export const commands: readonly Command[] = [scanCommand];
