/**
 * The contracts CLI's one wrapper (Redocly's `wrapper.ts`): it parses the arguments, finds the project, loads the
 * catalog for the commands, prints what they return (a table for people, `--json` for machines) and owns the exit
 * codes. Commands never print and never call `process.exit`: they return a result or throw.
 *
 * Exit codes:
 * - 0: done; for `diff` and `check`, no breaking change.
 * - 1: a known failure, reported in one line without a stack: a breaking change (`diff`, `check`), a refusal
 *   (`release` with nothing new, `deprecate` with a past sunset...), something the catalog or the project lacks
 *   (an unknown API or release), an invalid catalog or configuration.
 * - 2: the command was called wrongly (unknown command or option, missing or malformed argument), reported with
 *   the usage, without a stack, as `npm run audit:verify` does; or a bug, reported with its stack. Keeping usage
 *   mistakes off 1 means a CI step running `diff` or `check` never mistakes a typo for a breaking change.
 *
 * With `--json`, stdout holds exactly one JSON document: the command's data, or `{ "error": { "kind", "message" } }`
 * (kind `failure`, `usage` or `bug`); the stack of a bug still goes to stderr.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CatalogError, loadCatalog, PROJECT_ROOT, type CatalogEntry } from '../../catalog';

/** A known failure: reported as its message, exit 1. */
export class CliFailure extends Error {
  override name = 'CliFailure';
}

/** The command was called wrongly: reported as its message and the usage, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Errors of other modules that are known failures, not bugs, matched by name so that loading them stays lazy. */
const KNOWN_FAILURE_NAMES = new Set(['CliFailure', 'CatalogError', 'ConfigError', 'AuditFileIntegrityError']);

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE_OR_BUG = 2;

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** For a string option: what its value is, in the help (`DATE`, `FILE`). */
  value?: string;
  description: string;
}

export interface CommandContext {
  /** The project folder (`--root`, else this project): holds openapi/catalog.yaml. */
  root: string;
  json: boolean;
  /** The command's positional arguments, their count already checked. */
  args: string[];
  /** The command's options, as parsed. */
  options: Record<string, string | boolean | undefined>;
  /** The catalog of the project, loaded once on first use. */
  catalog(): CatalogEntry[];
  /** The clock: the current instant. */
  now(): Date;
  env: NodeJS.ProcessEnv;
  /** The working directory relative paths in arguments are read against. */
  cwd: string;
}

export interface CommandResult {
  /** False for a known negative answer (a breaking change): exit 1, the output still printed on stdout. */
  ok: boolean;
  /** What people read. */
  text: string;
  /** What `--json` prints. */
  data: unknown;
}

export interface Command {
  name: string;
  /** One line, for the list of commands. */
  summary: string;
  /** The positional arguments, as the usage line shows them: `<api> <version>`, `[<x>]` for optional ones. */
  synopsis: string;
  /** More lines of help after the summary. */
  details?: string;
  options: Record<string, OptionSpec>;
  run(context: CommandContext): Promise<CommandResult>;
}

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  now(): Date;
  cwd: string;
}

const PROGRAM = 'npm run contracts --';

const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  json: { type: 'boolean', description: 'print one JSON document on stdout instead of text' },
  root: { type: 'string', value: 'DIR', description: 'the project folder (holding openapi/catalog.yaml); default: this project' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

function optionLines(options: Record<string, OptionSpec>): string[] {
  const labels = Object.entries(options).map(([name, spec]) => [
    `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`,
    spec.description,
  ]);
  const width = Math.max(...labels.map(([label]) => (label as string).length));
  return labels.map(([label, description]) => `  ${(label as string).padEnd(width)}  ${description}`);
}

function required(synopsis: string): number {
  return synopsis.split(/\s+/).filter((part) => part.startsWith('<')).length;
}

function allowed(synopsis: string): number {
  return synopsis.split(/\s+/).filter((part) => part.length > 0).length;
}

export function commandUsage(command: Command): string {
  return `usage: ${PROGRAM} ${command.name}${command.synopsis ? ` ${command.synopsis}` : ''} [options]`;
}

export function commandHelp(command: Command): string {
  return [
    commandUsage(command),
    '',
    command.summary,
    ...(command.details ? ['', command.details] : []),
    '',
    'options:',
    ...optionLines({ ...command.options, ...GLOBAL_OPTIONS }),
  ].join('\n');
}

export function programHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    `usage: ${PROGRAM} <command> [arguments] [options]`,
    '',
    'Governs the published API contracts: released baselines, breaking-change checks, lifecycle and changelogs.',
    '',
    'commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    `Run \`${PROGRAM} <command> --help\` for a command's arguments.`,
    'Exit codes: 0 done, 1 a known failure (a breaking change, a refusal), 2 a usage error or a bug.',
  ].join('\n');
}

function parseConfig(options: Record<string, OptionSpec>): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(
    Object.entries(options).map(([name, spec]) => [name, spec.short ? { type: spec.type, short: spec.short } : { type: spec.type }]),
  );
}

/** How the outcome is shown and which exit code it means. */
function report(io: CliIo, json: boolean, kind: 'failure' | 'usage' | 'bug', message: string, extra?: string): number {
  if (json) io.stdout(`${JSON.stringify({ error: { kind, message } }, null, 2)}\n`);
  if (!json || kind === 'bug') io.stderr(`${kind === 'bug' ? (extra ?? message) : message}${kind === 'usage' && extra ? `\n${extra}` : ''}\n`);
  return kind === 'failure' ? EXIT_FAILURE : EXIT_USAGE_OR_BUG;
}

/** Where the command name is: the first argument that is neither an option nor a global option's value. */
function commandIndex(argv: readonly string[]): number {
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] as string;
    if (arg.startsWith('--') && !arg.includes('=') && GLOBAL_OPTIONS[arg.slice(2)]?.type === 'string') index += 1;
    else if (!arg.startsWith('-')) return index;
  }
  return -1;
}

/** Runs one command line (`argv` without node and the script) and returns the exit code. Never throws. */
export async function runCli(argv: readonly string[], commands: readonly Command[], io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  const at = commandIndex(argv);
  const commandName = at === -1 ? undefined : argv[at];
  const command = commands.find((candidate) => candidate.name === commandName);
  try {
    if (!command) {
      if (commandName === undefined && (argv.includes('--help') || argv.includes('-h'))) {
        io.stdout(`${programHelp(commands)}\n`);
        return EXIT_OK;
      }
      if (commandName === 'help') {
        const topic = argv.slice(at + 1).find((arg) => !arg.startsWith('-'));
        const about = commands.find((candidate) => candidate.name === topic);
        if (topic !== undefined && !about) throw new UsageError(`unknown command "${topic}"`);
        io.stdout(`${about ? commandHelp(about) : programHelp(commands)}\n`);
        return EXIT_OK;
      }
      throw new UsageError(commandName === undefined ? 'no command given' : `unknown command "${commandName}"`);
    }
    // The command's own arguments: all but its name (and a `--` before it, which would end the options early).
    const rest = argv.filter((arg, index) => index !== at && !(arg === '--' && index < at));
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({ args: rest, options: parseConfig({ ...command.options, ...GLOBAL_OPTIONS }), allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const values = parsed.values as Record<string, string | boolean | undefined>;
    if (values.help) {
      io.stdout(`${commandHelp(command)}\n`);
      return EXIT_OK;
    }
    if (parsed.positionals.length < required(command.synopsis)) throw new UsageError(`${command.name}: missing arguments`);
    if (parsed.positionals.length > allowed(command.synopsis)) {
      throw new UsageError(`${command.name}: unexpected argument "${parsed.positionals[allowed(command.synopsis)]}"`);
    }
    for (const [name, spec] of Object.entries(command.options)) {
      if (spec.type === 'string' && values[name] === '') throw new UsageError(`${command.name}: --${name} needs a value`);
    }
    const root = path.resolve(io.cwd, typeof values.root === 'string' ? values.root : PROJECT_ROOT);
    if (!existsSync(path.join(root, 'openapi', 'catalog.yaml'))) throw new UsageError(`no openapi/catalog.yaml in ${root} (see --root)`);
    let catalog: CatalogEntry[] | undefined;
    const result = await command.run({
      root,
      json,
      args: parsed.positionals,
      options: values,
      catalog: () => (catalog ??= loadCatalog(path.join(root, 'openapi', 'catalog.yaml'))),
      now: io.now,
      env: io.env,
      cwd: io.cwd,
    });
    io.stdout(json ? `${JSON.stringify(result.data, null, 2)}\n` : result.text.endsWith('\n') ? result.text : `${result.text}\n`);
    return result.ok ? EXIT_OK : EXIT_FAILURE;
  } catch (error) {
    if (error instanceof UsageError) {
      return report(io, json, 'usage', error.message, command ? `${commandUsage(command)}\n(${PROGRAM} ${command.name} --help for more)` : `(${PROGRAM} --help for the commands)`);
    }
    if (error instanceof CliFailure || error instanceof CatalogError || (error instanceof Error && KNOWN_FAILURE_NAMES.has(error.name))) {
      return report(io, json, 'failure', error.message);
    }
    const message = error instanceof Error ? error.message : String(error);
    return report(io, json, 'bug', `unexpected error (a bug): ${message}`, error instanceof Error ? (error.stack ?? message) : message);
  }
}

/** The process's own streams, environment, clock and working directory. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    now: () => new Date(),
    cwd: process.cwd(),
  };
}
