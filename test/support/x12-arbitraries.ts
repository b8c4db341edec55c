/**
 * X12 fuzz inputs, shared by the codec's property test (test/unit/x12/property.test.ts) and the EDI endpoint's fuzz
 * test (test/security/fuzz/edi.fuzz.test.ts): the real samples of test/fixtures/x12, mutations of them (segments
 * deleted, duplicated, swapped; separators changed; truncation; random bytes inserted or overwritten), random bytes,
 * and random text around ISA-like prefixes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

const FIXTURES = join(__dirname, '..', 'fixtures', 'x12');

/** The sample interchanges, read as latin1 so every byte is one character. */
export const X12_SAMPLES: ReadonlyArray<{ name: string; text: string }> = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.edi'))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(FIXTURES, name)).toString('latin1') }));

export type X12Mutation =
  | { kind: 'delete' | 'duplicate'; at: number }
  | { kind: 'swap'; a: number; b: number }
  | { kind: 'separator'; which: 3 | 104 | 105; char: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'overwrite'; at: number; char: string };

const position = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const separatorChar = fc.constantFrom('*', '|', '~', '\n', '\r', '^', ':', '>', '-', 'A', '0', ' ', '\u001D', '\u001E', '\u0085', '\'');

export const x12Mutation: fc.Arbitrary<X12Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const), at: position }),
  fc.record({ kind: fc.constant('swap' as const), a: position, b: position }),
  fc.record({ kind: fc.constant('separator' as const), which: fc.constantFrom(3 as const, 104 as const, 105 as const), char: separatorChar }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('insert' as const), at: position, text: fc.string({ unit: 'binary', maxLength: 12 }) }),
  fc.record({ kind: fc.constant('overwrite' as const), at: position, char: fc.oneof(separatorChar, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })) }),
);

/** Applies the mutations in turn, segment-wise where they name segments (split on the ISA's declared terminator). */
export function mutateX12(text: string, mutations: readonly X12Mutation[]): string {
  let current = text;
  for (const m of mutations) {
    const terminator = current[105] ?? '~';
    const segments = current.split(terminator);
    const pick = (at: number) => Math.floor(at * segments.length);
    switch (m.kind) {
      case 'delete':
        segments.splice(pick(m.at), 1);
        current = segments.join(terminator);
        break;
      case 'duplicate': {
        const index = pick(m.at);
        segments.splice(index, 0, segments[index] ?? '');
        current = segments.join(terminator);
        break;
      }
      case 'swap': {
        const [a, b] = [pick(m.a), pick(m.b)];
        [segments[a], segments[b]] = [segments[b] ?? '', segments[a] ?? ''];
        current = segments.join(terminator);
        break;
      }
      case 'separator': {
        // Change a declared separator in the ISA only, or everywhere in the interchange.
        const old = current[m.which];
        if (old === undefined) break;
        current = m.char.length === 1 && m.which !== 105 ? current.split(old).join(m.char) : current.slice(0, m.which) + m.char + current.slice(m.which + 1);
        break;
      }
      case 'truncate':
        current = current.slice(0, Math.floor(m.at * current.length));
        break;
      case 'insert': {
        const at = Math.floor(m.at * current.length);
        current = current.slice(0, at) + m.text + current.slice(at);
        break;
      }
      case 'overwrite': {
        const at = Math.floor(m.at * current.length);
        current = current.slice(0, at) + m.char + current.slice(at + 1);
        break;
      }
    }
  }
  return current;
}

/** Random bytes, up to `maxLength`. */
export const x12RandomBytes = (maxLength = 600): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength });

/** Random text between ISA-like prefixes and suffixes. */
export const x12RandomText = (maxLength = 400): fc.Arbitrary<string> => {
  const prefix = fc.constantFrom('', 'ISA', 'ISA*', 'ISA*00*          *00*          *ZZ*', X12_SAMPLES[0]!.text.slice(0, 106), 'IEA*1*000000001~');
  return fc.tuple(prefix, fc.string({ unit: 'binary', maxLength }), prefix).map(([a, b, c]) => a + b + c);
};

/** Mutations of one sample, or of two samples in one file (several interchanges, each with its separators). */
export const x12MutatedSample = (maxMutations = 4): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom(...X12_SAMPLES), fc.option(fc.constantFrom(...X12_SAMPLES), { nil: undefined }), fc.array(x12Mutation, { minLength: 1, maxLength: maxMutations }))
    .map(([sample, next, mutations]) => mutateX12(sample.text + (next?.text ?? ''), mutations));
