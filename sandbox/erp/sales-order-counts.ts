/**
 * How many sales orders a sandbox ERP holds per customer PO number, read from its own OData service as an outside
 * observer would (not through the gateway): what the reliability test, the faults run and the order-intake bench
 * count to show that no accepted order is missing or posted twice.
 */
import { DEFAULT_CREDENTIALS } from './server';

const PAGE = 1000;

/**
 * Counts the sales orders of `soldToParty` per PurchaseOrderByCustomer, page by page, keeping only the POs `counted`
 * accepts (default: all). `erpUrl` is the sandbox's root (`http://127.0.0.1:port`), on its default credentials.
 */
export async function salesOrdersPerPo(erpUrl: string, soldToParty: string, counted: (po: string) => boolean = () => true): Promise<Map<string, number>> {
  const authorization = `Basic ${Buffer.from(`${DEFAULT_CREDENTIALS.username}:${DEFAULT_CREDENTIALS.password}`).toString('base64')}`;
  const counts = new Map<string, number>();
  for (let skip = 0; ; skip += PAGE) {
    const query = new URLSearchParams({ $filter: `SoldToParty eq '${soldToParty}'`, $top: String(PAGE), $skip: String(skip), $format: 'json' });
    const response = await fetch(`${erpUrl}/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder?${query}`, { headers: { authorization, accept: 'application/json' } });
    if (response.status !== 200) throw new Error(`the ERP's OData answered ${response.status}: ${await response.text()}`);
    const results = ((await response.json()) as { d: { results: Array<{ PurchaseOrderByCustomer: string }> } }).d.results;
    for (const { PurchaseOrderByCustomer: po } of results) if (counted(po)) counts.set(po, (counts.get(po) ?? 0) + 1);
    if (results.length < PAGE) return counts;
  }
}
