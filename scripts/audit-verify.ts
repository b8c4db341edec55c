/**
 * `npm run audit:verify -- FILE`: checks an audit file's hash chain. Prints `ok: N records` and exits 0, or the first
 * line where the chain breaks and why and exits 1; exits 2 on a usage error (no file given, file missing or
 * unreadable) and on anything unexpected (with the stack).
 */
import { verifyAuditFile } from '../policies/audit/verify';

const USAGE = 'usage: npm run audit:verify -- FILE';

/** A mistake of the caller: reported without a stack, exit 2. */
class UsageError extends Error {}

async function run(args: readonly string[]): Promise<number> {
  if (args.length !== 1 || args[0] === '--help' || args[0] === '-h') throw new UsageError(USAGE);
  const file = args[0]!;
  let result;
  try {
    result = await verifyAuditFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES' || code === 'ENOTDIR') throw new UsageError(`cannot read ${file}: ${code}\n${USAGE}`);
    throw error;
  }
  if (!result.ok) {
    console.log(`broken at line ${result.line}${result.seq === undefined ? '' : ` (seq ${result.seq})`}: ${result.reason}`);
    return 1;
  }
  console.log(`ok: ${result.records} records`);
  if (result.instances.length > 0) console.log(`instances: ${result.instances.join(', ')}`);
  if (result.tornLines) console.log(`torn writes declared by the writer at lines: ${result.tornLines.join(', ')}`);
  return 0;
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof UsageError ? error.message : error instanceof Error ? error.stack : String(error));
    process.exitCode = 2;
  },
);
