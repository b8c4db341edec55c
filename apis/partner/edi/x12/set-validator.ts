/**
 * Walks one transaction set's segments through its table, one segment at a time (nothing is kept but the loop
 * stack): places each segment in its loop, and reports the AK304 codes (unrecognized, unexpected, missing, loop or
 * segment over its maximum, not in the set, out of sequence, element errors) with the AK4 findings of each segment.
 */
import type { SegmentErrorCode } from './codes';
import { collectElementErrors, planOf, type ElementCheckContext, type SegmentPlan } from './element-check';
import type { LoopNode, SetTable, StructureNode } from './set-table';
import type { ElementError, SegmentError, X12Segment } from './types';

/** A loop's children indexed for placement, built once per table (tables are built once and read for every set). */
interface LoopIndex {
  /** The trigger segment id of each child (its own id, or its first segment's for a loop). */
  triggers: readonly string[];
  /** Child positions by trigger id, ascending. */
  byTrigger: ReadonlyMap<string, readonly number[]>;
  /** Positions of the mandatory children, ascending. */
  required: readonly number[];
  /** The index of each child that is a loop (built with its parent's, so entering a loop looks nothing up). */
  loops: readonly (LoopIndex | undefined)[];
}

interface Frame {
  loop: LoopNode;
  index: LoopIndex;
  /** Child matched last: only it (again) or later children may follow in this iteration of the loop. */
  at: number;
  /**
   * Occurrences of child `at` in this iteration. Children are matched in order, so this is the only count that can
   * still change; a child before `at` occurred (it was matched once), one after it has not.
   */
  count: number;
}

const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;
const bodyIndexes = new WeakMap<LoopNode, LoopIndex>();
const rulePlans = new WeakMap<SetTable, ReadonlyMap<string, SegmentPlan>>();

/** The element-check plans of a table's segments, by segment id, compiled once per table. */
function plansOf(table: SetTable): ReadonlyMap<string, SegmentPlan> {
  let plans = rulePlans.get(table);
  if (!plans) {
    plans = new Map([...table.segments].map(([id, rule]) => [id, planOf(rule)]));
    rulePlans.set(table, plans);
  }
  return plans;
}

function triggerOf(node: StructureNode): string {
  return node.kind === 'segment' ? node.id : triggerOf(node.children[0] as StructureNode);
}

function buildIndex(loop: LoopNode): LoopIndex {
  const triggers = loop.children.map(triggerOf);
  const byTrigger = new Map<string, number[]>();
  triggers.forEach((trigger, position) => byTrigger.set(trigger, [...(byTrigger.get(trigger) ?? []), position]));
  const required = loop.children.flatMap((child, position) => (child.required ? [position] : []));
  const loops = loop.children.map((child) => (child.kind === 'loop' ? buildIndex(child) : undefined));
  return { triggers, byTrigger, required, loops };
}

/** The index of a set's body (and of its loops), built once per table. */
function bodyIndex(body: LoopNode): LoopIndex {
  let index = bodyIndexes.get(body);
  if (!index) {
    index = buildIndex(body);
    bodyIndexes.set(body, index);
  }
  return index;
}

/** How a segment was placed: `code` undefined when it found its place. */
interface Placement {
  code: SegmentErrorCode | undefined;
  message: string;
  loopId: string | undefined;
}

export class SetValidator {
  /** The loop stack is `frames[0, depth)`; frames past it are kept for reuse (a PO1 line enters two loops). */
  private readonly frames: Frame[];
  private depth = 1;
  private readonly plans: ReadonlyMap<string, SegmentPlan>;
  /** Reused for every segment: most have no finding, and then nothing is allocated. */
  private readonly placement: Placement = { code: undefined, message: '', loopId: undefined };
  private readonly elementErrors: ElementError[] = [];

  constructor(
    private readonly table: SetTable,
    private readonly context: ElementCheckContext,
  ) {
    this.frames = [{ loop: table.body, index: bodyIndex(table.body), at: 0, count: 0 }];
    this.plans = plansOf(table);
  }

  /** Checks the segment at `position` (ST is 1); returns its error, if it has one. */
  segment(segment: X12Segment, position: number): SegmentError[] {
    const errors: SegmentError[] = [];
    this.check(segment, position, errors);
    return errors;
  }

  /** `segment` into the caller's array. */
  check(segment: X12Segment, position: number, errors: SegmentError[]): void {
    const placed = this.place(segment.id, position, errors);
    if (placed.code !== undefined) {
      errors.push(this.error(segment.id, position, placed.code, placed.message, placed.loopId));
      return;
    }
    const plan = this.plans.get(segment.id);
    if (!plan) return;
    const elementErrors = this.elementErrors;
    collectElementErrors(segment, plan, this.context, elementErrors);
    if (elementErrors.length === 0) return;
    errors.push({ ...this.error(segment.id, position, '8', 'segment has data element errors', placed.loopId), elementErrors: elementErrors.slice() });
    elementErrors.length = 0;
  }

  /** At SE (`position` is the SE's): the mandatory segments and loops never seen. */
  finish(position: number): SegmentError[] {
    const errors: SegmentError[] = [];
    while (this.depth > 0) this.pop(position, errors);
    return errors;
  }

  private error(segmentId: string, position: number, code: SegmentErrorCode, message: string, loopId?: string): SegmentError {
    return { segmentId, position, ...(loopId ? { loopId } : {}), code, message, elementErrors: [] };
  }

  private loopIdOf(frame: Frame): string | undefined {
    return frame === this.frames[0] ? undefined : frame.loop.id;
  }

  /** Reports the mandatory children in [from, to) that did not occur. */
  private missing(frame: Frame, from: number, to: number, position: number, errors: SegmentError[]): void {
    for (const index of frame.index.required) {
      if (index < from) continue;
      if (index >= to) break;
      if (index === frame.at && frame.count > 0) continue;
      const child = frame.loop.children[index] as StructureNode;
      errors.push(this.error(frame.index.triggers[index] as string, position, '3', `mandatory ${child.kind} ${child.id} missing`, this.loopIdOf(frame)));
    }
  }

  private pop(position: number, errors: SegmentError[]): void {
    const frame = this.frames[this.depth - 1] as Frame;
    this.missing(frame, frame.at, frame.loop.children.length, position, errors);
    this.depth -= 1;
  }

  private push(loop: LoopNode, index: LoopIndex): void {
    const frame = this.frames[this.depth];
    if (frame) {
      frame.loop = loop;
      frame.index = index;
      frame.at = 0;
      frame.count = 1;
    } else {
      this.frames.push({ loop, index, at: 0, count: 1 });
    }
    this.depth += 1;
  }

  private placed(code: SegmentErrorCode | undefined, message: string, loopId: string | undefined): Placement {
    const placement = this.placement;
    placement.code = code;
    placement.message = message;
    placement.loopId = loopId;
    return placement;
  }

  private place(id: string, position: number, errors: SegmentError[]): Placement {
    for (let depth = this.depth - 1; depth >= 0; depth -= 1) {
      const frame = this.frames[depth] as Frame;
      const candidates = frame.index.byTrigger.get(id);
      if (candidates === undefined) continue;
      // In a loop, its first child is the trigger: meeting it again starts a new iteration, which the parent places.
      const first = depth === 0 ? frame.at : Math.max(frame.at, 1);
      let index = -1;
      for (const candidate of candidates) {
        if (candidate >= first) {
          index = candidate;
          break;
        }
      }
      if (index === -1) continue;
      const child = frame.loop.children[index] as StructureNode;
      while (this.depth - 1 > depth) this.pop(position, errors);
      this.missing(frame, frame.at, index, position, errors);
      frame.count = index === frame.at ? frame.count + 1 : 1;
      frame.at = index;
      const loopId = this.loopIdOf(frame);
      if (child.kind === 'segment') {
        if (frame.count > child.max) return this.placed('5', `${id} occurs more than ${child.max} times`, loopId);
        return this.placed(undefined, '', loopId);
      }
      if (frame.count > child.max) return this.placed('4', `loop ${child.id} occurs more than ${child.max} times`, child.id);
      this.push(child, frame.index.loops[index] as LoopIndex);
      return this.placed(undefined, '', child.id);
    }
    const innermost = this.depth > 0 ? this.frames[this.depth - 1] : undefined;
    const loopId = innermost ? this.loopIdOf(innermost) : undefined;
    if (!SEGMENT_ID.test(id)) return this.placed('1', `'${id}' is not a segment id`, loopId);
    if (!this.table.knownIds.has(id)) return this.placed('6', `${id} is not in transaction set ${this.table.id}`, loopId);
    const earlier = this.frames.slice(0, this.depth).some((frame) => frame.index.triggers.slice(0, frame.at).includes(id));
    return earlier ? this.placed('7', `${id} is out of sequence`, loopId) : this.placed('2', `${id} is not expected here`, loopId);
  }
}
