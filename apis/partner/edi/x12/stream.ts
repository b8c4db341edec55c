/**
 * Streaming front ends over the push reader: an async generator over any (async) iterable of chunks, and a Node
 * Transform (bytes or strings in, X12 events out in object mode).
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { ReaderOptions } from './options';
import { createX12Reader } from './reader';
import type { X12Event } from './types';

/** Reads X12 from chunks (a file stream, an HTTP body...) and yields events as soon as each is complete. */
export async function* readX12(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options?: ReaderOptions,
): AsyncGenerator<X12Event, void, undefined> {
  const reader = createX12Reader(options);
  // A loop of plain yields: `yield*` over an array costs an async-from-sync iterator and twice the promise turns per event.
  for await (const chunk of source) {
    for (const event of reader.write(chunk)) yield event;
  }
  for (const event of reader.end()) yield event;
}

/** A Transform: write bytes or strings, read `X12Event` objects. */
export function createX12Stream(options?: ReaderOptions): Transform {
  const reader = createX12Reader(options);
  return new Transform({
    readableObjectMode: true,
    transform(chunk: string | Uint8Array, _encoding: BufferEncoding, callback: TransformCallback) {
      for (const event of reader.write(chunk)) this.push(event);
      callback();
    },
    flush(callback: TransformCallback) {
      for (const event of reader.end()) this.push(event);
      callback();
    },
  });
}
