/**
 * `npm run contracts -- <command>`: governs the published API contracts (released baselines, the breaking-change
 * check, deprecation and retirement, changelogs). `npm run contracts -- --help` lists the commands; the wrapper in
 * openapi/contracts/cli/wrapper.ts owns the output and the exit codes (0 done, 1 a known failure, 2 a usage error
 * or a bug).
 */
import { COMMANDS } from '../openapi/contracts/cli/commands';
import { processIo, runCli } from '../openapi/contracts/cli/wrapper';

void runCli(process.argv.slice(2), COMMANDS, processIo()).then((code) => {
  process.exitCode = code;
});
