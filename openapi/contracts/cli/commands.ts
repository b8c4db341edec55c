/** The contracts CLI's commands, in the order the help lists them. */
import { changelog } from './changelog';
import { check } from './check';
import { deprecate } from './deprecate';
import { diff } from './diff';
import { list } from './list';
import { release } from './release';
import { retire } from './retire';
import type { Command } from './wrapper';

export const COMMANDS: readonly Command[] = [list, diff, release, check, deprecate, retire, changelog];
