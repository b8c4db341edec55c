/** `/__sandbox/`: test-only controls (billing, request journal, fault injection, reset). No adapter uses them. */
import express, { type Router } from 'express';
import { billSalesOrder } from './billing-run';
import type { FaultInjector } from './faults';
import { parseFaultSettings } from './faults';
import type { RequestJournal } from './journal';
import { badRequest, notFound } from './odata/errors';
import type { ErpStore } from './store';

export interface ControlsContext {
  store: ErpStore;
  journal: RequestJournal;
  faults: FaultInjector;
  now: () => number;
}

const DEFAULT_REQUEST_LIMIT = 50;

export function createControls(context: ControlsContext): Router {
  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));

  router.post('/orders/:salesOrder/bill', (req, res) => {
    const salesOrder = String(req.params.salesOrder);
    const result = billSalesOrder(context.store, salesOrder, context.now);
    if (result.outcome === 'unknown-order') throw notFound(`Sales order ${salesOrder} does not exist`);
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
    context.store.reset();
    context.faults.clear();
    context.journal.clear();
    res.status(204).end();
  });

  return router;
}
