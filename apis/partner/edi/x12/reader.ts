/**
 * The push reader: feed it chunks (strings or bytes, cut anywhere, even inside a UTF-8 character or a CR/LF) and it
 * returns the events each chunk completes. It holds the unfinished segment and the current transaction set, nothing
 * more, so memory does not grow with the file. It never throws on input: every problem becomes a finding.
 */
import { StringDecoder } from 'node:string_decoder';
import { EnvelopeValidator } from './envelope';
import { resolveReaderOptions, type ReaderOptions } from './options';
import { X12Tokenizer } from './tokenizer';
import type { X12Event } from './types';

export interface X12Reader {
  /** Feeds a chunk; returns the events it completes, in order. */
  write(chunk: string | Uint8Array): X12Event[];
  /** Ends the input; returns the last events (an interchange left open ends in TA1 023). */
  end(): X12Event[];
  /** What the reader holds right now. */
  readonly held: { characters: number; segments: number };
}

export function createX12Reader(options?: ReaderOptions): X12Reader {
  const config = resolveReaderOptions(options);
  const decoder = new StringDecoder(config.encoding);
  const tokenizer = new X12Tokenizer(config.maxSegmentLength);
  const envelope = new EnvelopeValidator(config);
  let ended = false;

  const run = (tokens: ReturnType<X12Tokenizer['push']>, out: X12Event[]) => {
    for (const token of tokens) envelope.accept(token, out);
  };

  return {
    write(chunk) {
      if (ended) throw new TypeError('x12Reader: write after end');
      const out: X12Event[] = [];
      const text = typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      run(tokenizer.push(text), out);
      return out;
    },
    end() {
      if (ended) return [];
      ended = true;
      const out: X12Event[] = [];
      const rest = decoder.end();
      if (rest) run(tokenizer.push(rest), out);
      run(tokenizer.end(), out);
      envelope.finish(out);
      return out;
    },
    get held() {
      return { characters: tokenizer.buffered, segments: envelope.heldSegments };
    },
  };
}
