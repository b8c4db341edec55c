/** `/__sandbox/`: test-only controls (ship and bill, request journal, fault injection, reset). No adapter uses them. */
import express, { type Router } from 'express';
import type { BillingRun } from './billing-run';
import type { FaultInjector } from './faults';
import { parseFaultSettings } from './faults';
import type { RequestJournal } from './journal';
import { badRequest, notFound } from './odata/errors';
import type { Shipping } from './shipping';
import type { ErpStore } from './store';

export interface ControlsContext {
  store: ErpStore;
  journal: RequestJournal;
  faults: FaultInjector;
  shipping: Shipping;
  billingRun: BillingRun;
}

const DEFAULT_REQUEST_LIMIT = 50;

export function createControls(context: ControlsContext): Router {
  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));

  // The whole shipping leg at once: a delivery and goods issue where the order has none yet (stock is issued there,
  // once), then billing now rather than when the billing run would.
  router.post('/orders/:salesOrder/bill', (req, res) => {
    const salesOrder = String(req.params.salesOrder);
    const order = context.store.salesOrder(salesOrder);
    if (!order) throw notFound(`Sales order ${salesOrder} does not exist`);
    if (!order.billingDocument) context.shipping.ship(order);
    const result = context.billingRun.billNow(salesOrder);
    if (result.outcome === 'unknown-order' || result.outcome === 'not-due') throw new TypeError(`sales order ${salesOrder} was shipped but is not billable`);
    res.status(result.outcome === 'billed' ? 201 : 200).json({
      BillingDocument: result.document.billingDocument,
      SalesOrder: salesOrder,
      alreadyBilled: result.outcome === 'already-billed',
    });
  });

  router.get('/requests', (req, res) => {
    const raw = req.query.limit;
    let limit = DEFAULT_REQUEST_LIMIT;
    if (raw !== undefined) {
      if (typeof raw !== 'string' || !/^\d{1,4}$/.test(raw) || Number(raw) === 0) throw badRequest('limit must be a positive integer');
      limit = Number(raw);
    }
    res.json({ requests: context.journal.recent(limit) });
  });

  router.get('/faults', (_req, res) => {
    res.json(context.faults.current());
  });

  router.post('/faults', (req, res) => {
    const parsed = parseFaultSettings(req.body ?? {}, context.faults.current());
    if ('error' in parsed) throw badRequest(`Invalid faults: ${parsed.error}`);
    context.faults.set(parsed);
    res.json(parsed);
  });

  router.delete('/faults', (_req, res) => {
    context.faults.clear();
    res.json(context.faults.current());
  });

  router.post('/reset', (_req, res) => {
    // Data, faults and journal go back to the start; CSRF sessions survive, as a real system's would a data change.
    // Scheduled billings go too: their order numbers would name the next orders created.
    context.billingRun.cancelPending();
    context.store.reset();
    context.faults.clear();
    context.journal.clear();
    res.status(204).end();
  });

  return router;
}
