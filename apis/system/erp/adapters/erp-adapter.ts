/**
 * The port between the ERP system API and an ERP: what the v1 routes need, in the v1 contract's types. One
 * implementation per ERP dialect (s4hana/ speaks SAP S/4HANA's OData V2 services, which the sandbox ERP serves too).
 *
 * Every method fails with a `GatewayError` only: ERR_NOT_FOUND for an unknown thing the caller named,
 * ERR_UNPROCESSABLE for a business rule the ERP refused (naming the field), ERR_CONFLICT for a duplicate order,
 * and ERR_PLATFORM_BAD_GATEWAY / _UNAVAILABLE / _TIMEOUT when the ERP failed, was down or was slow.
 */
import type {
  Availability,
  Customer,
  CustomerNumber,
  CustomerPage,
  CustomerPriceList,
  GoodsIssue,
  GoodsIssueCreate,
  Invoice,
  Item,
  ItemPage,
  MaterialNumber,
  PlantId,
  SalesOrder,
  SalesOrderCreate,
} from '../v1/models';

export interface ItemQuery {
  /** A GTIN of any packaging level (each or case), 8, 12, 13 or 14 digits; matches however many leading zeros. */
  gtin?: string;
  offset: number;
  limit: number;
}

export interface SalesOrderQuery {
  customerNumber: CustomerNumber;
  purchaseOrderNumber: string;
}

export interface ErpAdapter {
  /** Customers (sold-to parties) of the configured sales area, by customer number. */
  listCustomers(offset: number, limit: number): Promise<CustomerPage>;

  /** One customer with its sales-area terms and ship-to parties. ERR_NOT_FOUND when unknown. */
  getCustomer(customerNumber: CustomerNumber): Promise<Customer>;

  /**
   * The customer's net price of one base unit of each material, as the ERP prices an order.
   * ERR_NOT_FOUND for an unknown customer; ERR_UNPROCESSABLE naming unknown materials.
   */
  getCustomerPrices(customerNumber: CustomerNumber, materials: MaterialNumber[]): Promise<CustomerPriceList>;

  /** Items by material number; with a GTIN, the items whose each or case carries it. */
  listItems(query: ItemQuery): Promise<ItemPage>;

  /** One item with its units. ERR_NOT_FOUND when unknown. */
  getItem(material: MaterialNumber): Promise<Item>;

  /**
   * Available-to-promise quantity of a material in one plant, or in every configured plant when none is given.
   * ERR_NOT_FOUND for an unknown material or plant.
   */
  getAvailability(material: MaterialNumber, plant?: PlantId): Promise<Availability[]>;

  /**
   * Creates a sales order, never a second one for the same customer and purchase order number: when one exists
   * already this fails with ERR_CONFLICT and `extensions.salesOrderNumber`. When the outcome of the create is
   * unknown (timeout, dropped connection), it looks the order up before reporting the failure.
   */
  createSalesOrder(order: SalesOrderCreate): Promise<SalesOrder>;

  /** One sales order with its lines. ERR_NOT_FOUND when unknown. */
  getSalesOrder(salesOrderNumber: string): Promise<SalesOrder>;

  /** The sales orders of a customer with that purchase order number: none or one (the ERP may hold more). */
  findSalesOrders(query: SalesOrderQuery): Promise<SalesOrder[]>;

  /** The invoices (billing documents) that bill a sales order, oldest first. ERR_NOT_FOUND when the order is unknown. */
  getInvoices(salesOrderNumber: string): Promise<Invoice[]>;

  /**
   * Posts goods issue for the whole of a sales order (its goods left the warehouse), which puts it on the ERP's
   * billing due list. Idempotent: when the order's delivery already has goods issue posted, it answers that delivery
   * with `alreadyPosted: true`; a delivery without goods issue gets it posted; otherwise a delivery of the whole order
   * is created first. When the outcome of a create or a posting is unknown (timeout, dropped connection), it reads
   * the ERP before reporting the failure. ERR_NOT_FOUND for an unknown order; ERR_UNPROCESSABLE when the ERP refuses
   * (naming `body.goodsIssueDate` or `body.shipmentIds` where it can), for a future goods issue date, or for an
   * order the ERP holds in several deliveries.
   */
  postGoodsIssue(salesOrderNumber: string, request: GoodsIssueCreate): Promise<GoodsIssue>;

  /**
   * Proves the ERP answers and accepts the gateway's credentials. Resolves when it does; otherwise throws
   * ERR_PLATFORM_UNAVAILABLE (503) with the reason, quickly (no retries): /health/ready uses it.
   */
  checkHealth(): Promise<void>;
}
