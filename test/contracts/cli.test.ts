/**
 * The contracts CLI end to end: `node --import tsx scripts/contracts.ts ...` run against a temporary copy of the
 * project's catalog and specs (`--root`), checking what it prints (tables, `--json`), its exit codes (0 done, 1 a
 * known failure, 2 a usage error or a bug), the catalog edits of deprecate and retire, and their audit records.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCatalog, PROJECT_ROOT } from '../../openapi/catalog';
import { COMMANDS as COMMANDS_LIST } from '../../openapi/contracts/cli/commands';
import { runCli } from '../../openapi/contracts/cli/wrapper';
import { verifyAuditFile } from '../../policies/audit';

const SCRIPT = path.join(PROJECT_ROOT, 'scripts', 'contracts.ts');
const COMMANDS = ['list', 'diff', 'release', 'check', 'deprecate', 'retire', 'changelog'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The child's environment: no configuration or git identity leaking in from the machine running the tests. */
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', ...extra };
  for (const key of ['CONFIG_FILE', 'DATA_DIR', 'AUDIT_FILE', 'LOG_LEVEL']) delete env[key];
  return env;
}

/** Runs the CLI as `npm run contracts` does (tsx resolved from the project), against `root`. */
function contracts(root: string, args: string[], env?: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...args, '--root', root], { cwd: PROJECT_ROOT, env: childEnv(env), timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * The same command line through the wrapper in this process: for the long matrices (every command's help, every
 * usage error), where spawning a process per case would only repeat what the spawned cases already show.
 */
async function inProcess(root: string, args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...args, '--root', root], COMMANDS_LIST, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: childEnv(),
    now: () => new Date(),
    cwd: PROJECT_ROOT,
  });
  return { code, stdout, stderr };
}

function json<T = Record<string, unknown>>(run: Run): T {
  return JSON.parse(run.stdout) as T;
}

const today = (): string => new Date().toISOString().slice(0, 10);

describe('contracts CLI', function () {
  this.timeout(120_000);
  let root: string;
  const v1Spec = 'openapi/partner/customers/v1.json';
  type Spec = { components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
  const editSpec = (file: string, edit: (spec: Spec) => void): void => {
    const spec = JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Spec;
    edit(spec);
    writeFileSync(path.join(root, file), `${JSON.stringify(spec, null, 2)}\n`);
  };
  const released = (id: string): string[] => {
    const folder = path.join(root, 'openapi', 'released', id);
    return existsSync(folder) ? readdirSync(folder).sort() : [];
  };

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'dg-contracts-cli-'));
    mkdirSync(path.join(root, 'openapi'));
    cpSync(path.join(PROJECT_ROOT, 'openapi', 'catalog.yaml'), path.join(root, 'openapi', 'catalog.yaml'));
    for (const entry of loadCatalog()) {
      mkdirSync(path.dirname(path.join(root, entry.specFile)), { recursive: true });
      cpSync(path.join(PROJECT_ROOT, entry.specFile), path.join(root, entry.specFile));
    }
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  describe('help and usage', () => {
    it('--help lists every command, and every command has its own --help (exit 0)', async () => {
      const top = await contracts(root, ['--help']);
      assert.equal(top.code, 0, top.stderr);
      for (const name of COMMANDS) assert.match(top.stdout, new RegExp(`^  ${name} `, 'm'));
      assert.match(top.stdout, /Exit codes: 0 done, 1 a known failure .*, 2 a usage error or a bug/);
      assert.deepEqual(COMMANDS_LIST.map((command) => command.name), COMMANDS);
      const spawned = await contracts(root, ['deprecate', '--help']);
      const helps = await Promise.all(COMMANDS.map((name) => inProcess(root, [name, '--help'])));
      assert.deepEqual(spawned, helps[COMMANDS.indexOf('deprecate')]);
      COMMANDS.forEach((name, index) => {
        const help = helps[index] as Run;
        assert.equal(help.code, 0, `${name} --help: ${help.stderr}`);
        assert.match(help.stdout, new RegExp(`^usage: npm run contracts -- ${name}`), name);
        assert.match(help.stdout, /--json/, name);
      });
      assert.equal((await contracts(root, ['help', 'deprecate'])).stdout, helps[COMMANDS.indexOf('deprecate')]?.stdout);
    });

    it('exits 2 with the usage on a usage error, without a stack; --json says so in JSON', async () => {
      const cases: string[][] = [[], ['bogus'], ['list', '--bogus'], ['diff', 'partner/customers', 'v1'], ['diff', 'customers', 'v1', 'v2'], ['diff', 'partner/customers', 'v1@someday', 'v2'], ['release', 'partner/customers', 'one'], ['deprecate', 'partner/customers', 'v2'], ['deprecate', 'partner/customers', 'v2', '--sunset', '30.06.2027'], ['list', 'extra']];
      const runs = await Promise.all(cases.map((args, index) => (index < 3 ? contracts(root, args) : inProcess(root, args))));
      for (const [index, args] of cases.entries()) {
        const run = runs[index] as Run;
        assert.equal(run.code, 2, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
        assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack');
        assert.match(run.stderr, /usage: npm run contracts --|--help/, args.join(' '));
      }
      const asJson = await contracts(root, ['diff', 'partner/customers', 'v1', '--json']);
      assert.equal(asJson.code, 2);
      assert.equal(json<{ error: { kind: string } }>(asJson).error.kind, 'usage');
      const noRoot = await contracts(path.join(root, 'nowhere'), ['list']);
      assert.equal(noRoot.code, 2);
      assert.match(noRoot.stderr, /no openapi\/catalog\.yaml/);
    });

    it('exits 2 with the stack on a bug', async () => {
      // A catalog that is a folder: nothing the CLI expects, so it is reported as unexpected.
      rmSync(path.join(root, 'openapi', 'catalog.yaml'));
      mkdirSync(path.join(root, 'openapi', 'catalog.yaml'));
      const run = await contracts(root, ['list']);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /EISDIR/);
      assert.match(run.stderr, /\n\s+at /, 'with the stack');
    });
  });

  describe('list, release, diff and check', () => {
    it('lists every version with its lifecycle, latest release and whether it changed since', async () => {
      const run = await contracts(root, ['list']);
      assert.equal(run.code, 0, run.stderr);
      const [header, ...rows] = run.stdout.trimEnd().split('\n');
      assert.match(header ?? '', /^VERSION\s+TIER\s+STATUS\s+RELEASED\s+DEPRECATED\s+SUNSET\s+SUCCESSOR\s+LATEST RELEASE\s+CHANGED$/);
      assert.equal(rows.length, loadCatalog().length);
      assert.match(run.stdout, /^partner\/customers\/v1\s+partner\s+deprecated\s+2026-11-28\s+2026-11-28\s+2027-06-30\s+v2\s+-\s+-$/m);
      assert.ok(run.stdout.split('\n').every((line) => line === line.trimEnd()), 'no trailing spaces');

      const data = json<{ versions: Array<Record<string, unknown>> }>(await contracts(root, ['list', '--json']));
      const v1 = data.versions.find((item) => item.id === 'partner/customers/v1');
      assert.deepEqual(v1, {
        id: 'partner/customers/v1', tier: 'partner', api: 'customers', version: 1, status: 'deprecated', releasedOn: '2026-11-28',
        deprecatedOn: '2026-11-28', sunsetOn: '2027-06-30', successor: 'v2', changed: 'unreleased',
      });
    });

    it('releases the committed spec once, refuses to release it again, and check guards it from then on', async () => {
      const first = await contracts(root, ['release', 'partner/customers', 'v1']);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, new RegExp(`released partner/customers/v1 as ${today()} \\(its first release\\)`));
      assert.deepEqual(released('partner/customers/v1'), [`${today()}.json`]);
      assert.equal(readFileSync(path.join(root, 'openapi/released/partner/customers/v1', `${today()}.json`), 'utf8'), readFileSync(path.join(root, v1Spec), 'utf8'));

      const again = await contracts(root, ['release', 'partner/customers', '1']);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /nothing to release: the committed spec of partner\/customers\/v1 equals its latest release/);
      assert.doesNotMatch(again.stderr, /\n\s+at /);

      let listed = json<{ versions: Array<{ id: string; latestRelease?: string; changed: string }> }>(await contracts(root, ['list', '--json']));
      assert.deepEqual(listed.versions.find((item) => item.id === 'partner/customers/v1'), {
        ...listed.versions.find((item) => item.id === 'partner/customers/v1'), latestRelease: today(), changed: 'no',
      });
      assert.equal((await contracts(root, ['check'])).code, 0);

      // A new optional response field: a change, not a breaking one; released as the day's second release.
      editSpec(v1Spec, (spec) => {
        (spec.components.schemas.CustomerOrder as { properties: Record<string, unknown> }).properties.trackingUrl = { type: 'string' };
      });
      listed = json(await contracts(root, ['list', '--json']));
      assert.equal(listed.versions.find((item) => item.id === 'partner/customers/v1')?.changed, 'yes');
      const additive = await contracts(root, ['diff', 'partner/customers', 'v1@latest', 'v1']);
      assert.equal(additive.code, 0, additive.stderr);
      assert.match(additive.stdout, /^partner\/customers v1@\S+ → v1 \(committed\): 2 changes, 0 breaking$/m);
      assert.match(additive.stdout, /^ok\s+response-field-added\s+\/components\/schemas\/CustomerOrder\/properties\/trackingUrl\s+/m);
      assert.equal((await contracts(root, ['check'])).code, 0);
      assert.equal((await contracts(root, ['release', 'partner/customers', 'v1'])).code, 0);
      assert.deepEqual(released('partner/customers/v1'), [`${today()}-2.json`, `${today()}.json`]);

      // A removed response field breaks the release: list, diff and check say so; release refuses it.
      editSpec(v1Spec, (spec) => {
        delete spec.components.schemas.CustomerOrder?.properties.salesOrderNumber;
      });
      listed = json(await contracts(root, ['list', '--json']));
      assert.equal(listed.versions.find((item) => item.id === 'partner/customers/v1')?.changed, 'breaking');
      const breaking = await contracts(root, ['diff', 'partner/customers', `v1@${today()}-2`, 'v1']);
      assert.equal(breaking.code, 1);
      assert.match(breaking.stdout, /: 2 changes, 2 breaking$/m);
      assert.match(breaking.stdout, /^BREAKING\s+response-field-removed\s+\/components\/schemas\/CustomerOrder\/properties\/salesOrderNumber\s+`POST \/orders`/m);
      const checked = await contracts(root, ['check']);
      assert.equal(checked.code, 1);
      assert.match(checked.stdout, /^partner\/customers\/v1\s+\S+\s+2\s+BREAKING$/m);
      assert.match(checked.stdout, /1 version breaks a published contract/);
      const checkedJson = json<{ ok: boolean; problems: Array<{ id: string; breaking: unknown[] }> }>(await contracts(root, ['check', '--json']));
      assert.equal(checkedJson.ok, false);
      assert.deepEqual(checkedJson.problems.map((problem) => [problem.id, problem.breaking.length]), [['partner/customers/v1', 2]]);
      const refused = await contracts(root, ['release', 'partner/customers', 'v1']);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /refusing to release partner\/customers\/v1: its committed spec breaks the latest release .*--allow-breaking/);
      assert.equal((await contracts(root, ['release', 'partner/customers', 'v1', '--allow-breaking'])).code, 0);
      assert.equal(released('partner/customers/v1').length, 3);
      assert.equal((await contracts(root, ['check'])).code, 0);
    });

    it('diffs versions breaking first, with --json, and names what does not exist (exit 1)', async () => {
      const run = await contracts(root, ['diff', 'partner/customers', 'v1', 'v2', '--json']);
      assert.equal(run.code, 1);
      const data = json<{ api: string; from: string; to: string; summary: { breaking: number; other: number }; changes: Array<{ breaking: boolean; pointer: string; kind: string }> }>(run);
      assert.equal(data.api, 'partner/customers');
      assert.equal(data.from, 'v1 (committed)');
      assert.equal(data.to, 'v2 (committed)');
      assert.ok(data.summary.breaking > 0 && data.summary.other > 0);
      assert.equal(data.changes.length, data.summary.breaking + data.summary.other);
      const firstOther = data.changes.findIndex((change) => !change.breaking);
      assert.ok(data.changes.slice(firstOther).every((change) => !change.breaking), 'breaking changes first');

      const same = await contracts(root, ['diff', 'system/erp', 'v1', 'v1']);
      assert.equal(same.code, 0);
      assert.match(same.stdout, /0 changes, 0 breaking/);

      const failures = [
        [['diff', 'partner/suppliers', 'v1', 'v2'], /partner\/suppliers is not in the catalog/],
        [['diff', 'partner/customers', 'v1', 'v9'], /has no v9 in the catalog \(it has v1, v2\)/],
        [['diff', 'partner/customers', 'v1@latest', 'v1'], /partner\/customers\/v1 has no released baseline yet/],
        [['diff', 'partner/customers', 'v1@2001-01-01', 'v1'], /has no release 2001-01-01 \(it was never released\)/],
      ] as Array<[string[], RegExp]>;
      const failedRuns = await Promise.all(failures.map(([args]) => inProcess(root, args)));
      for (const [index, [args, message]] of failures.entries()) {
        const failed = failedRuns[index] as Run;
        assert.equal(failed.code, 1, args.join(' '));
        assert.match(failed.stderr, message);
      }
      // `working` runs the generator against the code in --root; this copy has none.
      const working = await contracts(root, ['diff', 'partner/customers', 'v1', 'working']);
      assert.equal(working.code, 1);
      assert.match(working.stderr, /cannot generate the working spec of partner\/customers\/v1 from apis\/partner\/customers\/v1: .*0 controllers/);
      assert.equal((await inProcess(root, ['diff', 'partner/customers', 'working', 'working'])).code, 2);
      const asJson = await contracts(root, ['diff', 'partner/suppliers', 'v1', 'v2', '--json']);
      assert.equal(asJson.code, 1);
      assert.deepEqual(json(asJson), { error: { kind: 'failure', message: 'partner/suppliers is not in the catalog (it has system/erp, system/wms, process/orders, process/operations, process/inventory, partner/customers, partner/edi, partner/marketplace)' } });
      assert.equal(asJson.stderr, '', '--json: the error is on stdout only');
    });
  });

  describe('deprecate and retire', () => {
    const catalogFile = () => path.join(root, 'openapi', 'catalog.yaml');
    const entry = (id: string) => loadCatalog(catalogFile()).find((candidate) => candidate.id === id);
    const auditFile = () => path.join(root, 'audit', 'cli.log');
    const auditRecords = () =>
      readFileSync(auditFile(), 'utf8')
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);

    it('refuses a past sunset (without --force), a successor that is not a later live version, and unknown versions', async () => {
      const base = ['deprecate', 'partner/customers', 'v2', '--audit-file', auditFile(), '--by', 'alice@example.com'];
      for (const [args, message] of [
        [[...base, '--sunset', '2020-01-01'], /the sunset 2020-01-01 is in the past; --force/],
        [[...base, '--sunset', '2099-01-01', '--successor', 'v1'], /successor v1 is not a later version than partner\/customers\/v2/],
        [[...base, '--sunset', '2099-01-01', '--successor', 'v3'], /successor v3 of partner\/customers\/v2 is not in the catalog/],
        [['deprecate', 'partner/customers', 'v7', '--sunset', '2099-01-01', '--by', 'x', '--audit-file', auditFile()], /has no v7/],
      ] as Array<[string[], RegExp]>) {
        const run = await contracts(root, args);
        assert.equal(run.code, 1, `${args.join(' ')}: ${run.stderr}`);
        assert.match(run.stderr, message);
      }
      assert.equal(readFileSync(catalogFile(), 'utf8'), readFileSync(path.join(PROJECT_ROOT, 'openapi', 'catalog.yaml'), 'utf8'), 'catalog untouched');
      assert.equal(existsSync(auditFile()), false, 'nothing audited');
    });

    it('deprecates a version in the catalog, keeping every comment and the rest of the file, and audits who did it', async () => {
      const before = readFileSync(catalogFile(), 'utf8');
      const run = await contracts(root, [
        'deprecate', 'system/erp', 'v1', '--sunset', '2099-06-30', '--note', 'Use the ERP through the process tier.', '--by', 'alice@example.com', '--audit-file', auditFile(),
      ]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^deprecated system\/erp\/v1: status active -> deprecated; deprecatedOn \d{4}-\d\d-\d\d; sunsetOn - -> 2099-06-30; migrationNote set$/m);

      const after = readFileSync(catalogFile(), 'utf8');
      const added = [`    deprecatedOn: ${today()}`, '    sunsetOn: 2099-06-30', '    migrationNote: Use the ERP through the process tier.'];
      const expected = before.replace(/(  - tier: system\n    api: erp\n[\s\S]*?)    status: active\n    releasedOn: 2026-11-28\n/, `$1    status: deprecated\n    releasedOn: 2026-11-28\n${added.join('\n')}\n`);
      assert.notEqual(expected, before);
      assert.equal(after, expected, 'only the entry changes: comments, folded descriptions and the other entries stay as they were');
      assert.match(after, /^# The catalog of every API version/);
      assert.deepEqual(entry('system/erp/v1'), { ...entry('system/erp/v1'), status: 'deprecated', deprecatedOn: today(), sunsetOn: '2099-06-30', migrationNote: 'Use the ERP through the process tier.' });

      const verification = await verifyAuditFile(auditFile());
      assert.ok(verification.ok, JSON.stringify(verification));
      const [record] = auditRecords();
      assert.equal(record?.method, 'CLI');
      assert.equal(record?.path, 'contracts deprecate');
      assert.equal(record?.decision, 'allowed');
      assert.equal(record?.client, 'alice@example.com');
      assert.deepEqual([record?.tier, record?.api, record?.version], ['system', 'erp', 1]);
      assert.equal(record?.operation, 'contracts deprecate system/erp/v1');
      assert.deepEqual(record?.reason, { code: 'CONTRACT_DEPRECATED', detail: `status active -> deprecated; deprecatedOn ${today()}; sunsetOn - -> 2099-06-30; migrationNote set` });

      // Again: the sunset and successor change, deprecatedOn stays.
      const again = await contracts(root, ['deprecate', 'partner/customers', 'v1', '--sunset', '2099-12-31', '--successor', 'v2', '--by', 'bob', '--audit-file', auditFile(), '--json']);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(json<{ entry: { deprecatedOn: string; sunsetOn: string } }>(again).entry.deprecatedOn, '2026-11-28');
      assert.equal(entry('partner/customers/v1')?.sunsetOn, '2099-12-31');
      assert.match(readFileSync(catalogFile(), 'utf8'), /migrationNote: >-\n {6}v2 serves the same orders with clearer JSON/, 'the folded note is kept as written');
      assert.equal((await verifyAuditFile(auditFile())).ok, true);
      assert.equal(auditRecords().length, 2);
    });

    it('retires only a deprecated version whose sunset has come (or with --force), removing its brownouts', async () => {
      const by = ['--by', 'carol@example.com', '--audit-file', auditFile()];
      const active = await contracts(root, ['retire', 'partner/customers', 'v2', ...by]);
      assert.equal(active.code, 1);
      assert.match(active.stderr, /partner\/customers\/v2 is active: deprecate it first/);
      const ahead = await contracts(root, ['retire', 'partner/customers', 'v1', ...by]);
      assert.equal(ahead.code, 1);
      assert.match(ahead.stderr, /sunsets on 2027-06-30, which is still ahead; --force/);

      // A sunset that has passed, with a brownout before it.
      writeFileSync(
        catalogFile(),
        readFileSync(catalogFile(), 'utf8').replace(
          '    releasedOn: 2026-11-28\n    deprecatedOn: 2026-11-28\n    sunsetOn: 2027-06-30\n',
          '    releasedOn: 2025-01-01\n    deprecatedOn: 2025-06-01\n    sunsetOn: 2025-12-31\n    brownouts:\n      - { start: 2025-12-10T00:00Z, end: 2025-12-11T00:00Z, note: a day off }\n',
        ),
      );
      const run = await contracts(root, ['retire', 'partner/customers', 'v1', ...by]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^retired partner\/customers\/v1: status deprecated -> retired; sunsetOn 2025-12-31; 1 brownout\(s\) removed$/m);
      const retired = entry('partner/customers/v1');
      assert.equal(retired?.status, 'retired');
      assert.equal(retired?.brownouts, undefined);
      assert.doesNotMatch(readFileSync(catalogFile(), 'utf8'), /^ +brownouts:|a day off/m);
      assert.match(readFileSync(catalogFile(), 'utf8'), /^# A deprecated version may list brownouts/m, 'comments kept');

      const twice = await contracts(root, ['retire', 'partner/customers', 'v1', ...by]);
      assert.equal(twice.code, 1);
      assert.match(twice.stderr, /already retired/);
      const deprecateRetired = await contracts(root, ['deprecate', 'partner/customers', 'v1', '--sunset', '2099-01-01', ...by]);
      assert.equal(deprecateRetired.code, 1);
      assert.match(deprecateRetired.stderr, /is retired/);

      // --force retires before the sunset: sunsetOn becomes now.
      assert.equal((await contracts(root, ['deprecate', 'system/wms', 'v1', '--sunset', '2099-01-01', ...by])).code, 0);
      const forced = await contracts(root, ['retire', 'system/wms', 'v1', '--force', ...by]);
      assert.equal(forced.code, 0, forced.stderr);
      const sunset = entry('system/wms/v1')?.sunsetOn ?? '';
      assert.match(sunset, new RegExp(`^${today()}T\\d\\d:\\d\\d:\\d\\dZ$`));
      assert.match(forced.stdout, /sunsetOn 2099-01-01 -> \S+; forced: sunset ahead/);

      const records = auditRecords();
      assert.deepEqual(records.map((record) => [record.path, record.client, (record.reason as { code: string }).code]), [
        ['contracts retire', 'carol@example.com', 'CONTRACT_RETIRED'],
        ['contracts deprecate', 'carol@example.com', 'CONTRACT_DEPRECATED'],
        ['contracts retire', 'carol@example.com', 'CONTRACT_RETIRED'],
      ]);
      const verification = await verifyAuditFile(auditFile());
      assert.ok(verification.ok && verification.records === 3, JSON.stringify(verification));
    });

    it('records $USER without --by or a git identity, in <dataDir>/audit/contracts-cli.log by default', async () => {
      const run = await contracts(root, ['deprecate', 'system/erp', 'v1', '--sunset', '2099-01-01'], { USER: 'ci-tester' });
      assert.equal(run.code, 0, run.stderr);
      const file = path.join(root, 'data', 'audit', 'contracts-cli.log');
      assert.match(run.stdout, new RegExp(`recorded for ci-tester in ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      assert.equal((await verifyAuditFile(file)).ok, true);
      const record = JSON.parse(readFileSync(file, 'utf8').trim()) as Record<string, unknown>;
      assert.equal(record.client, 'ci-tester');
    });
  });

  describe('changelog', () => {
    it('writes the Markdown of the releases of each version and from version to version', async () => {
      assert.equal((await contracts(root, ['release', 'partner/customers', 'v1'])).code, 0);
      editSpec(v1Spec, (spec) => {
        (spec.components.schemas.CustomerOrder as { properties: Record<string, unknown> }).properties.trackingUrl = { type: 'string' };
      });
      assert.equal((await contracts(root, ['release', 'partner/customers', 'v1'])).code, 0);

      const run = await contracts(root, ['changelog', 'partner/customers']);
      assert.equal(run.code, 0, run.stderr);
      const markdown = run.stdout;
      assert.match(markdown, /^# Customer Orders API \(partner\/customers\)\n/);
      const headings = [...markdown.matchAll(/^## (.*)$/gm)].map((match) => match[1]);
      assert.deepEqual(headings, [`v1 (${today()}) → v1 (${today()}-2)`, `v1 (${today()}-2) → v2 (unreleased)`]);
      assert.match(markdown, /### Other changes\n\n- .*trackingUrl/);
      assert.match(markdown, /### Breaking\n/);

      const output = path.join(root, 'CHANGELOG.md');
      const written = await contracts(root, ['changelog', 'partner/customers', '--output', output]);
      assert.equal(written.code, 0, written.stderr);
      assert.match(written.stdout, /wrote the changelog of partner\/customers \(2 steps\)/);
      assert.equal(readFileSync(output, 'utf8'), markdown);
      const data = json<{ steps: Array<{ from: string; to: string; changes: unknown[] }>; markdown: string }>(await contracts(root, ['changelog', 'partner/customers', '--json']));
      assert.equal(data.markdown, markdown);
      assert.equal(data.steps.length, 2);
    });
  });
});
