/**
 * The push reader: feed it chunks (strings or bytes, cut anywhere, even inside a UTF-8 character or a CR/LF) and it
 * returns the events each chunk completes. It holds the unfinished segment and the current transaction set, nothing
 * more, so memory does not grow with the file. It never throws on input: every problem becomes a finding.
 */
import { StringDecoder } from 'node:string_decoder';
import { EnvelopeValidator } from './envelope';
import { resolveReaderOptions, type ReaderOptions } from './options';
import { X12Tokenizer, type Token, type TokenSink } from './tokenizer';
import type { X12Event, X12Segment } from './types';

export interface X12Reader {
  /** Feeds a chunk; returns the events it completes, in order. */
  write(chunk: string | Uint8Array): X12Event[];
  /** Ends the input; returns the last events (an interchange left open ends in TA1 023). */
  end(): X12Event[];
  /** What the reader holds right now. */
  readonly held: { characters: number; segments: number };
}

/** Tokens straight into the envelope checks, events into the array of the current call. */
class EnvelopeSink implements TokenSink {
  out: X12Event[] = [];

  constructor(private readonly envelope: EnvelopeValidator) {}

  segment(segment: X12Segment, offset: number): void {
    this.envelope.segment(segment, offset, this.out);
  }

  token(token: Token): void {
    this.envelope.accept(token, this.out);
  }

  /** The events gathered since the last call. */
  take(): X12Event[] {
    const events = this.out;
    this.out = [];
    return events;
  }
}

export function createX12Reader(options?: ReaderOptions): X12Reader {
  const config = resolveReaderOptions(options);
  const decoder = new StringDecoder(config.encoding);
  const tokenizer = new X12Tokenizer(config.maxSegmentLength);
  const envelope = new EnvelopeValidator(config);
  const sink = new EnvelopeSink(envelope);
  let ended = false;

  return {
    write(chunk) {
      if (ended) throw new TypeError('x12Reader: write after end');
      const text = typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      tokenizer.write(text, sink);
      return sink.take();
    },
    end() {
      if (ended) return [];
      ended = true;
      const rest = decoder.end();
      if (rest) tokenizer.write(rest, sink);
      tokenizer.finish(sink);
      envelope.finish(sink.out);
      return sink.take();
    },
    get held() {
      return { characters: tokenizer.buffered, segments: envelope.heldSegments };
    },
  };
}
