/** The streaming reader: any chunking gives the same result, events come as soon as they are complete, memory stays flat. */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  collectX12,
  createX12Reader,
  createX12Stream,
  readX12,
  type X12Event,
} from '../../../apis/partner/edi/x12';
import { fixture, group, interchange, po850, PO_BODY, txSet } from './helpers';

/** What a document says, without object identity. */
function digest(events: X12Event[]): string {
  return JSON.stringify(collectX12(events));
}

function chunked(bytes: Buffer, sizes: number[]): Buffer[] {
  const chunks: Buffer[] = [];
  let at = 0;
  let i = 0;
  while (at < bytes.length) {
    const size = sizes[i % sizes.length] as number;
    chunks.push(bytes.subarray(at, at + size));
    at += size;
    i += 1;
  }
  return chunks;
}

function readChunks(chunks: (string | Buffer)[]): X12Event[] {
  const reader = createX12Reader();
  return [...chunks.flatMap((chunk) => reader.write(chunk)), ...reader.end()];
}

describe('x12 streaming reader', () => {
  // A BOM, CR/LF after terminators, a two-byte UTF-8 character in the data, two interchanges, no final terminator.
  const quirky = Buffer.from(
    `\uFEFF${po850(['BEG*00*SA*PÖ-1**20260115', 'PO1*1*10*EA', 'CTT*1'], { eol: '\r\n' })}NOT X12 ISA0 ISA ~\n${po850(PO_BODY, { isa: { control: '000000002' }, e: '|', t: '\n' }).slice(0, -1)}\u001A`,
    'utf8',
  );

  it('gives the same result whatever the chunk boundaries (inside a UTF-8 character, a CR/LF, the ISA)', () => {
    const whole = digest(readChunks([quirky]));
    const document = JSON.parse(whole);
    assert.equal(document.interchanges.length, 2);
    assert.equal(document.interchanges[0].groups[0].sets[0].segments[1].elements[2], 'PÖ-1');
    assert.deepEqual(document.unrecognized.map((text: { preview: string }) => text.preview), ['NOT X12 ISA0 ISA ~\n']);
    for (let cut = 1; cut < quirky.length; cut += 1) {
      assert.equal(digest(readChunks([quirky.subarray(0, cut), quirky.subarray(cut)])), whole, `cut at ${cut}`);
    }
    for (const sizes of [[1], [2, 3], [7, 1, 5], [64]]) assert.equal(digest(readChunks(chunked(quirky, sizes))), whole, String(sizes));
  });

  it('readX12 yields events from an async iterable before the source is exhausted', async () => {
    const chunks = chunked(fixture('node-x12__850_fat.edi'), [100]);
    let pulled = 0;
    async function* source() {
      for (const chunk of chunks) {
        pulled += 1;
        yield chunk;
      }
    }
    const seen: { type: string; pulled: number }[] = [];
    for await (const event of readX12(source())) seen.push({ type: event.type, pulled });
    const firstEnd = seen.find((event) => event.type === 'interchange-end');
    assert.ok(firstEnd && firstEnd.pulled < chunks.length, 'the first interchange ends before the last chunk is read');
    assert.equal(seen.filter((event) => event.type === 'transaction-set').length, 2);
  });

  it('createX12Stream is a Transform from bytes to events', async () => {
    const events: X12Event[] = [];
    await pipeline(
      Readable.from(chunked(fixture('ediengine__AckTest_940x3.edi'), [33])),
      createX12Stream(),
      async function (source: AsyncIterable<X12Event>) {
        for await (const event of source) events.push(event);
      },
    );
    assert.equal(digest(events), digest(parseX12Events(fixture('ediengine__AckTest_940x3.edi'))));
    assert.deepEqual(
      events.map((event) => event.type),
      [
        'interchange-start',
        'group-start', 'transaction-set', 'transaction-set', 'group-end',
        'group-start', 'transaction-set', 'group-end',
        'interchange-end',
      ],
    );
  });

  it('emits every segment when asked', () => {
    const reader = createX12Reader({ emitSegments: true });
    const events = [...reader.write(po850()), ...reader.end()];
    assert.deepEqual(
      events.filter((event) => event.type === 'segment').map((event) => (event.type === 'segment' ? event.segment.id : '')),
      ['GS', 'ST', 'BEG', 'PO1', 'CTT', 'SE', 'GE', 'IEA'],
    );
  });

  it('holds no more than the current transaction set and the unfinished segment, whatever the file size', () => {
    const setBody = ['BEG*00*SA*PO1**20260115', ...Array.from({ length: 8 }, (_, i) => `PO1*${i + 1}*10*EA*1.25**UP*012345678905`), 'CTT*8'];
    const sets = Array.from({ length: 4000 }, (_, i) => txSet('850', String(1000 + i), setBody));
    const bytes = Buffer.from(interchange(group(sets)));
    assert.ok(bytes.length > 1_000_000);
    for (const retainSegments of [true, false]) {
      const reader = createX12Reader({ retainSegments });
      let maxSegments = 0;
      let maxCharacters = 0;
      let setsSeen = 0;
      const take = (events: X12Event[]) => {
        for (const event of events) if (event.type === 'transaction-set') setsSeen += 1;
      };
      for (const chunk of chunked(bytes, [4096])) {
        take(reader.write(chunk));
        maxSegments = Math.max(maxSegments, reader.held.segments);
        maxCharacters = Math.max(maxCharacters, reader.held.characters);
      }
      take(reader.end());
      assert.equal(setsSeen, 4000);
      assert.ok(maxSegments <= (retainSegments ? setBody.length + 2 : 0), `held ${maxSegments} segments`);
      assert.ok(maxCharacters < 4096 + 64, `held ${maxCharacters} characters`);
    }
  });

  it('reads a long segment arriving one character at a time in linear time', () => {
    const long = `N3*${'A'.repeat(300_000)}`;
    const text = po850(['BEG*00*SA*PO1**20260115', 'N1*ST*X*92*1', long, 'PO1*1*1*EA', 'CTT*1']);
    const reader = createX12Reader({ maxSegmentLength: 1_000_000 });
    const started = process.hrtime.bigint();
    const events: X12Event[] = [];
    for (const char of text) events.push(...reader.write(char));
    events.push(...reader.end());
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(elapsedMs < 2000, `${elapsedMs} ms`);
    const document = collectX12(events);
    assert.equal(document.interchanges[0]?.groups[0]?.sets[0]?.segments[3]?.elements[0]?.length, 300_000);
  });

  it('cuts segments right when element separators are far apart (the tokenizer remembers the next one)', () => {
    // 100,000 segments of 60 characters without an element separator, then one far away. (Searching past each
    // segment for it again was quadratic, about 3 s against 0.1 s: a speed the bench measures, not this test.)
    const free = `N9${'X'.repeat(58)}`;
    const text = po850(['BEG*00*SA*PO1**20260115', ...Array.from({ length: 100_000 }, () => free), 'PO1*1*1*EA', 'CTT*1']);
    const document = collectX12(readChunks([text]));
    const segments = document.interchanges[0]?.groups[0]?.sets[0]?.segments ?? [];
    assert.equal(segments.length, 100_005);
    assert.deepEqual([segments[2], segments[100_002]], [{ id: free, elements: [] }, { id: 'PO1', elements: ['1', '1', 'EA'] }]);
  });

  it('reads a segment with more elements than the reader first makes room for (1000), each verbatim', () => {
    const many = Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? '' : `E${i}`));
    const set = collectX12(readChunks(chunked(Buffer.from(po850(['BEG*00*SA*PO1**20260115', `MSG*${many.join('*')}`, 'PO1*1*1*EA', 'CTT*1'])), [97])))
      .interchanges[0]?.groups[0]?.sets[0];
    assert.deepEqual(set?.segments[2], { id: 'MSG', elements: many });
  });

  it('ends an interchange with TA1 022 when a segment exceeds maxSegmentLength without a terminator, and reads on', () => {
    const runaway = `${po850().slice(0, 200)}${'X'.repeat(5000)}`;
    const next = po850(PO_BODY, { isa: { control: '000000002' } });
    const reader = createX12Reader({ maxSegmentLength: 1000 });
    const events = [...chunked(Buffer.from(runaway + next), [300]).flatMap((chunk) => reader.write(chunk)), ...reader.end()];
    const document = collectX12(events);
    assert.equal(document.interchanges.length, 2);
    assert.deepEqual(document.interchanges[0]?.result.errors.map((error) => error.code), ['022']);
    assert.deepEqual(document.interchanges[1]?.result.errors, []);
  });

  it('applies maxSegmentLength the same way when the long segment and its terminator come in one chunk', () => {
    const text = po850(['BEG*00*SA*PO1**20260115', `N3*${'A'.repeat(2000)}`, 'PO1*1*1*EA', 'CTT*1']) + po850(PO_BODY, { isa: { control: '000000002' } });
    for (const chunks of [[text], chunked(Buffer.from(text), [100])]) {
      const document = collectX12(readChunksWith(chunks, { maxSegmentLength: 1000 }));
      assert.deepEqual(document.interchanges.map((parsed) => parsed.result.errors.map((error) => error.code)), [['022'], []]);
    }
  });

  it('validates its options', () => {
    assert.throws(() => createX12Reader({ maxSegmentLenght: 5 } as never), /x12Reader\.maxSegmentLenght: unknown option/);
    assert.throws(() => createX12Reader({ maxSegmentLength: 0 }), /x12Reader\.maxSegmentLength/);
    assert.throws(() => createX12Reader({ receiverIds: 'US' as never }), /x12Reader\.receiverIds/);
    const reader = createX12Reader();
    reader.end();
    assert.throws(() => reader.write('x'), /write after end/);
  });
});

function readChunksWith(chunks: (string | Buffer)[], options: Parameters<typeof createX12Reader>[0]): X12Event[] {
  const reader = createX12Reader(options);
  return [...chunks.flatMap((chunk) => reader.write(chunk)), ...reader.end()];
}

function parseX12Events(bytes: Buffer): X12Event[] {
  const reader = createX12Reader();
  return [...reader.write(bytes), ...reader.end()];
}
