/** Canonical order submissions and a way to wait for an order's workflow, for tests of the process tier. */
import assert from 'node:assert/strict';
import type { OrderLineSubmission, OrderSubmission, ProcessOrder } from '../../apis/process/orders/v2/models';

type Agent = { get(path: string): PromiseLike<{ status: number; body: unknown }> };

let sequence = 0;

/** A unique purchase order number per call, readable in a failing test's output. */
export function purchaseOrderNumber(prefix = 'PO-TEST'): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${sequence}`;
}

export function line(lineNumber: string, material: string, value: string, uom = 'CS', extra: Partial<OrderLineSubmission> = {}): OrderLineSubmission {
  return { lineNumber, item: { ids: [{ scheme: 'ERP_MATERIAL', value: material }] }, quantity: { value, uom }, ...extra };
}

/** An order of customer 0010100002 (ship-to 0010200012) from `partnerId`, for one case of TG-10001 unless told otherwise. */
export function orderSubmission(overrides: Partial<OrderSubmission> = {}, partnerId = 'initech'): OrderSubmission {
  return {
    source: { channel: 'API', partnerId },
    orderNumber: purchaseOrderNumber(),
    orderDate: '2026-11-28',
    currency: 'USD',
    parties: [
      { role: 'BUYER', ids: [{ scheme: 'ERP_CUSTOMER', value: '0010100002' }] },
      { role: 'SHIP_TO', ids: [{ scheme: 'ERP_SHIP_TO', value: '0010200012' }] },
    ],
    lines: [line('1', 'TG-10001', '1')],
    ...overrides,
  };
}

/** Reads the order until `done` says so (or fails after `timeoutMs`, showing the last record). */
export async function waitForOrder(agent: Agent, orderId: string, done: (order: ProcessOrder) => boolean, timeoutMs = 15_000): Promise<ProcessOrder> {
  const deadline = Date.now() + timeoutMs;
  let last: ProcessOrder | undefined;
  while (Date.now() < deadline) {
    const response = await agent.get(`/process/orders/v2/orders/${orderId}`);
    assert.equal(response.status, 200, `reading order ${orderId}`);
    last = response.body as ProcessOrder;
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`order ${orderId} did not get there in ${timeoutMs} ms; last seen:\n${JSON.stringify(last, null, 2)}`);
}

export const reached = (status: ProcessOrder['status']) => (order: ProcessOrder) => order.status === status;

/** The channel statuses of a partner's order the process tier has neither posted nor rejected yet. */
export const PARTNER_PENDING_STATUSES: readonly string[] = ['RECEIVED', 'PROCESSING'];

/**
 * Reads a partner's order at `location` (the `Location` its 201 named, v1 or v2) until its status leaves RECEIVED
 * and PROCESSING, or until `done` says so; fails after `timeoutMs`, showing the last answer.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a partner order's JSON, v1 or v2, as the tests read it
export async function waitForPartnerOrder<T extends { status: string } = any>(
  agent: Agent,
  location: string,
  done: (order: T) => boolean = (order) => !PARTNER_PENDING_STATUSES.includes(order.status),
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    const response = await agent.get(location);
    assert.equal(response.status, 200, `reading ${location}`);
    last = response.body as T;
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`${location} did not get there in ${timeoutMs} ms; last seen:\n${JSON.stringify(last, null, 2)}`);
}
