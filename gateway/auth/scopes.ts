/**
 * Every OAuth2 scope the gateway knows, with what it grants. Operations declare the scopes they need with tsoa's
 * `@Security('oauth2', [...])`; the specs' client-credentials scheme lists these; configuration may only grant these.
 */
export const SCOPES = {
  'system.erp.read': 'Read customers, items, prices, availability, sales orders and invoices from the ERP system API',
  'system.erp.write': 'Create sales orders through the ERP system API',
  'system.wms.read': 'Read inventory, releases and shipments from the WMS system API',
  'system.wms.write': 'Release orders to the warehouse through the WMS system API',
  'process.orders.read': 'Read orders and their processing records in the orders process API',
  'process.orders.write': 'Submit canonical orders to the orders process API',
  'process.inventory.read': 'Read item availability per warehouse and inventory feed ages from the inventory process API',
  'partner.orders.read': 'Read your own orders through the customer orders API',
  'partner.orders.write': 'Place orders on your own accounts through the customer orders API',
  'partner.edi': 'Exchange X12 interchanges through the EDI channel API',
  'partner.marketplace': 'Push marketplace orders and read their updates',
  'catalog.admin': 'Change API versions in the catalog (deprecate, retire, release)',
  'operations.read': 'See transactions, exceptions, usage and metrics',
  'operations.write': 'Replay failed transactions',
  /** Held only by the gateway's own service client: lets a tier pass on the original caller's identity. */
  'gateway.tier': 'Call another tier of this gateway on behalf of the original caller',
} as const;

export type Scope = keyof typeof SCOPES;

export const SCOPE_NAMES = Object.keys(SCOPES) as Scope[];

export function isScope(value: string): value is Scope {
  return Object.hasOwn(SCOPES, value);
}
