/**
 * Walks one transaction set's segments through its table, one segment at a time (nothing is kept but the loop
 * stack): places each segment in its loop, and reports the AK304 codes (unrecognized, unexpected, missing, loop or
 * segment over its maximum, not in the set, out of sequence, element errors) with the AK4 findings of each segment.
 */
import type { SegmentErrorCode } from './codes';
import { checkElements, type ElementCheckContext } from './element-check';
import type { LoopNode, SetTable, StructureNode } from './set-table';
import type { SegmentError, X12Segment } from './types';

interface Frame {
  loop: LoopNode;
  /** Index of the child matched last (only later children, or this one again, may follow). */
  index: number;
  /** Occurrences of each child in the current iteration of the loop. */
  counts: number[];
}

const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;

function triggerOf(node: StructureNode): string {
  return node.kind === 'segment' ? node.id : triggerOf(node.children[0] as StructureNode);
}

export class SetValidator {
  private readonly stack: Frame[];

  constructor(
    private readonly table: SetTable,
    private readonly context: ElementCheckContext,
  ) {
    this.stack = [{ loop: table.body, index: 0, counts: table.body.children.map(() => 0) }];
  }

  /** Checks the segment at `position` (ST is 1); returns its error, if it has one. */
  segment(segment: X12Segment, position: number): SegmentError[] {
    const errors: SegmentError[] = [];
    const placed = this.place(segment.id, position, errors);
    if (!placed.ok) {
      errors.push(this.error(segment.id, position, placed.code, placed.message, placed.loopId));
      return errors;
    }
    const rule = this.table.segments.get(segment.id);
    if (rule) {
      const elementErrors = checkElements(segment, rule, this.context);
      if (elementErrors.length > 0) {
        errors.push({ ...this.error(segment.id, position, '8', 'segment has data element errors', placed.loopId), elementErrors });
      }
    }
    return errors;
  }

  /** At SE (`position` is the SE's): the mandatory segments and loops never seen. */
  finish(position: number): SegmentError[] {
    const errors: SegmentError[] = [];
    while (this.stack.length > 0) this.pop(position, errors);
    return errors;
  }

  private error(segmentId: string, position: number, code: SegmentErrorCode, message: string, loopId?: string): SegmentError {
    return { segmentId, position, ...(loopId ? { loopId } : {}), code, message, elementErrors: [] };
  }

  private loopIdOf(frame: Frame): string | undefined {
    return frame === this.stack[0] ? undefined : frame.loop.id;
  }

  /** Reports the mandatory children in [from, to) that did not occur. */
  private missing(frame: Frame, from: number, to: number, position: number, errors: SegmentError[]): void {
    for (let index = from; index < to; index += 1) {
      const child = frame.loop.children[index] as StructureNode;
      if (child.required && frame.counts[index] === 0) {
        errors.push(this.error(triggerOf(child), position, '3', `mandatory ${child.kind} ${child.id} missing`, this.loopIdOf(frame)));
      }
    }
  }

  private pop(position: number, errors: SegmentError[]): void {
    const frame = this.stack[this.stack.length - 1] as Frame;
    this.missing(frame, frame.index, frame.loop.children.length, position, errors);
    this.stack.pop();
  }

  private place(
    id: string,
    position: number,
    errors: SegmentError[],
  ): { ok: true; loopId?: string } | { ok: false; code: SegmentErrorCode; message: string; loopId?: string } {
    for (let depth = this.stack.length - 1; depth >= 0; depth -= 1) {
      const frame = this.stack[depth] as Frame;
      const { children } = frame.loop;
      // In a loop, its first child is the trigger: meeting it again starts a new iteration, which the parent places.
      const first = depth === 0 ? frame.index : Math.max(frame.index, 1);
      for (let index = first; index < children.length; index += 1) {
        const child = children[index] as StructureNode;
        if (triggerOf(child) !== id) continue;
        while (this.stack.length - 1 > depth) this.pop(position, errors);
        this.missing(frame, frame.index, index, position, errors);
        frame.index = index;
        frame.counts[index] = (frame.counts[index] as number) + 1;
        const loopId = this.loopIdOf(frame);
        if (child.kind === 'segment') {
          if ((frame.counts[index] as number) > child.max) {
            return { ok: false, code: '5', message: `${id} occurs more than ${child.max} times`, ...(loopId ? { loopId } : {}) };
          }
          return { ok: true, ...(loopId ? { loopId } : {}) };
        }
        if ((frame.counts[index] as number) > child.max) {
          return { ok: false, code: '4', message: `loop ${child.id} occurs more than ${child.max} times`, loopId: child.id };
        }
        this.stack.push({ loop: child, index: 0, counts: child.children.map((_, i) => (i === 0 ? 1 : 0)) });
        return { ok: true, loopId: child.id };
      }
    }
    const innermost = this.stack[this.stack.length - 1];
    const loopId = innermost ? this.loopIdOf(innermost) : undefined;
    const where = loopId ? { loopId } : {};
    if (!SEGMENT_ID.test(id)) return { ok: false, code: '1', message: `'${id}' is not a segment id`, ...where };
    if (!this.table.knownIds.has(id)) return { ok: false, code: '6', message: `${id} is not in transaction set ${this.table.id}`, ...where };
    const earlier = this.stack.some((frame) => frame.loop.children.slice(0, frame.index).some((child) => triggerOf(child) === id));
    return earlier
      ? { ok: false, code: '7', message: `${id} is out of sequence`, ...where }
      : { ok: false, code: '2', message: `${id} is not expected here`, ...where };
  }
}
