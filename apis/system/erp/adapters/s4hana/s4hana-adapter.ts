/**
 * The ErpAdapter for SAP S/4HANA's OData V2 services (and the sandbox ERP, which speaks the same dialect:
 * sandbox/erp/DIALECT.md). Each method is a few OData calls; URLs, errors, CSRF and parsing live in the modules
 * beside it, the SAP → v1 mapping in mappers.ts.
 */
import { z } from 'zod';
import { GatewayError, notFound, type FieldError } from '../../../../../gateway/errors';
import { PlatformResponseError } from '../../../../../gateway/http/platform-client';
import type {
  Availability,
  Customer,
  CustomerPage,
  CustomerPriceList,
  GoodsIssue,
  GoodsIssueCreate,
  Invoice,
  Item,
  ItemPage,
  SalesOrder,
  SalesOrderCreate,
} from '../../v1/models';
import type { ErpAdapter, ItemQuery, SalesOrderQuery } from '../erp-adapter';
import {
  availabilityRecordEntity,
  billingDocumentEntity,
  collection,
  customerEntity,
  deliveryHeaderEntity,
  deliveryItemRefEntity,
  productEntity,
  salesOrderEntity,
  simulationEntity,
  single,
  type CustomerEntity,
  type DeliveryHeaderEntity,
  type ProductEntity,
} from './entities';
import { KeyedLock } from './keyed-lock';
import {
  isGoodsIssuePosted,
  isSoldTo,
  PARTNER_FUNCTION,
  salesAreaOf,
  shipToNumbers,
  toAvailability,
  toCustomer,
  toGoodsIssue,
  toInvoice,
  toItem,
  toItemUnits,
  toSalesOrder,
  type SalesArea,
} from './mappers';
import type { ODataClient } from './odata-client';
import type { ErrorContext } from './odata-errors';
import { and, anyOf, entityPath, eq, quoteLiteral } from './odata-query';
import { decimalsEqual, normaliseAmount, stripLeadingZeros } from './odata-values';
import {
  deliveryFieldOf,
  documentNumberForms,
  gtinForms,
  itemNumbersOf,
  SALES_ORDER_TYPE,
  salesOrderFieldOf,
  toDeliveryBody,
  toSalesOrderBody,
} from './requests';

/** The OData services used, as folders under the base URL. */
export const SERVICES = {
  businessPartner: 'API_BUSINESS_PARTNER',
  product: 'API_PRODUCT_SRV',
  availability: 'API_PRODUCT_AVAILY_INFO_BASIC',
  simulation: 'API_SALES_ORDER_SIMULATION_SRV',
  salesOrder: 'API_SALES_ORDER_SRV',
  /** Version 0002: the folder carries the version as SAP Gateway addresses it. */
  outboundDelivery: 'API_OUTBOUND_DELIVERY_SRV;v=0002',
  billing: 'API_BILLING_DOCUMENT_SRV',
} as const;

/** The ATP checking rule of sales orders ("A" in standard customising). */
const ATP_CHECKING_RULE = 'A';
/** Most `eq … or eq …` clauses put in one `$filter`, keeping URLs well under common 8 KiB limits. */
const FILTER_CHUNK = 40;
/** Most sales orders one customer may have under one purchase order number before the ERP's answer counts as broken. */
const MAX_SALES_ORDERS_PER_PURCHASE_ORDER = 100;

const CUSTOMER_EXPAND = ['to_CustomerSalesArea/to_PartnerFunction'];
const PRODUCT_EXPAND = ['to_Description', 'to_ProductUnitsOfMeasure'];
const SALES_ORDER_EXPAND = ['to_Item', 'to_Partner'];

const productRef = z.object({ Product: z.string() });
const customerRef = z.object({ Customer: z.string() });
const billingRef = z.object({ BillingDocument: z.string() });
const anyAnswer = z.unknown();

export interface S4HanaAdapterOptions {
  odata: ODataClient;
  /** The sales area customers are read in and orders created in. */
  salesArea: SalesArea;
  /** Plants whose availability is reported when no plant is asked for. */
  plants: readonly string[];
  /** The clock (`asOf` of availability). */
  now?: () => Date;
}

function chunks<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < values.length; index += size) out.push(values.slice(index, index + size));
  return out;
}

export class S4HanaAdapter implements ErpAdapter {
  private readonly odata: ODataClient;
  private readonly salesArea: SalesArea;
  private readonly plants: readonly string[];
  private readonly now: () => Date;
  private readonly createLock = new KeyedLock();
  private readonly goodsIssueLock = new KeyedLock();

  constructor(options: S4HanaAdapterOptions) {
    this.odata = options.odata;
    this.salesArea = options.salesArea;
    this.plants = options.plants;
    this.now = options.now ?? (() => new Date());
  }

  // Customers

  /**
   * Sold-to parties are the customers: ship-to parties are customer records too, but they cannot order. A sold-to
   * is its own sold-to partner (function SP) in the sales area, so the page is a page of those partner functions.
   */
  async listCustomers(offset: number, limit: number): Promise<CustomerPage> {
    const { salesOrganization, distributionChannel, division } = this.salesArea;
    const soldTos = await this.odata.get(
      SERVICES.businessPartner,
      'A_CustSalesPartnerFunc',
      {
        filter: and(
          eq('SalesOrganization', salesOrganization),
          eq('DistributionChannel', distributionChannel),
          eq('Division', division),
          eq('PartnerFunction', PARTNER_FUNCTION.soldTo),
        ),
        orderBy: 'Customer asc',
        top: limit,
        skip: offset,
        count: true,
        select: ['Customer'],
      },
      collection(customerRef),
      { subject: 'the customer list' },
    );
    const numbers = [...new Set(soldTos.d.results.map((row) => row.Customer))];
    const customers = await this.customersByNumber(numbers, CUSTOMER_EXPAND);
    const parties = await this.shipToParties([...customers.values()]);
    const items: Customer[] = [];
    for (const number of numbers) {
      const entity = customers.get(number);
      if (entity) items.push(toCustomer(entity, salesAreaOf(entity, this.salesArea), parties));
    }
    return { items, total: soldTos.d.__count ?? offset + numbers.length, offset, limit };
  }

  async getCustomer(customerNumber: string): Promise<Customer> {
    const entity = await this.getCustomerEntity(customerNumber);
    return toCustomer(entity, salesAreaOf(entity, this.salesArea), await this.shipToParties([entity]));
  }

  /** A sold-to party's record with its sales areas and partner functions; ERR_NOT_FOUND for anything else. */
  private async getCustomerEntity(customerNumber: string): Promise<CustomerEntity> {
    const answer = await this.odata.get(
      SERVICES.businessPartner,
      entityPath('A_Customer', customerNumber),
      { expand: CUSTOMER_EXPAND },
      single(customerEntity),
      { subject: `customer '${customerNumber}'`, notFound: () => notFound('Customer', customerNumber) },
    );
    if (!isSoldTo(answer.d, salesAreaOf(answer.d, this.salesArea))) throw this.notASoldTo(customerNumber);
    return answer.d;
  }

  private notASoldTo(customerNumber: string): GatewayError {
    const { salesOrganization, distributionChannel, division } = this.salesArea;
    return new GatewayError(
      'ERR_NOT_FOUND',
      `Customer '${customerNumber}' is not a sold-to party of sales area ${salesOrganization}/${distributionChannel}/${division}`,
    );
  }

  /** Customer records by number (with `expand`), keyed by number; unknown numbers are simply absent. */
  private async customersByNumber(numbers: readonly string[], expand: string[] = []): Promise<Map<string, CustomerEntity>> {
    const answers = await Promise.all(
      chunks([...new Set(numbers)], FILTER_CHUNK).map((chunk) =>
        this.odata.get(
          SERVICES.businessPartner,
          'A_Customer',
          { filter: anyOf('Customer', chunk), top: chunk.length, ...(expand.length > 0 ? { expand } : {}) },
          collection(customerEntity),
          { subject: 'customers' },
        ),
      ),
    );
    return new Map(answers.flatMap((answer) => answer.d.results.map((entity) => [entity.Customer, entity] as const)));
  }

  /** The customer records of every ship-to party of these customers that is not among them, by number. */
  private async shipToParties(customers: readonly CustomerEntity[]): Promise<Map<string, CustomerEntity>> {
    const known = new Map(customers.map((entity) => [entity.Customer, entity]));
    const wanted = customers.flatMap((entity) => shipToNumbers(salesAreaOf(entity, this.salesArea))).filter((number) => !known.has(number));
    for (const [number, entity] of await this.customersByNumber(wanted)) known.set(number, entity);
    return known;
  }

  async getCustomerPrices(customerNumber: string, materials: string[]): Promise<CustomerPriceList> {
    const wanted = [...new Set(materials)];
    // Only a sold-to party can be priced for; checking first turns the ERP's generic refusal into a clear 404.
    const [, products] = await Promise.all([this.getCustomerEntity(customerNumber), this.productsByNumber(wanted, false)]);
    if (wanted.length === 0) return { customerNumber, prices: [] };
    const unknown = wanted.filter((material) => !products.has(material));
    if (unknown.length > 0) {
      const fields: FieldError[] = unknown.map((material) => ({ name: 'material', message: `Item '${material}' does not exist`, value: material }));
      throw new GatewayError('ERR_UNPROCESSABLE', `No such item: ${unknown.map((material) => `'${material}'`).join(', ')}`, { fields });
    }
    // One base unit of each material, priced as the ERP would price an order: the net amount is the unit price.
    const itemNumbers = wanted.map((_material, index) => String((index + 1) * 10));
    const simulation = await this.odata.post(
      SERVICES.simulation,
      'A_SalesOrderSimulation',
      {
        SalesOrderType: SALES_ORDER_TYPE,
        SalesOrganization: this.salesArea.salesOrganization,
        DistributionChannel: this.salesArea.distributionChannel,
        OrganizationDivision: this.salesArea.division,
        SoldToParty: customerNumber,
        to_Item: wanted.map((material, index) => ({
          SalesOrderItem: itemNumbers[index],
          Material: material,
          RequestedQuantity: '1',
          RequestedQuantityUnit: (products.get(material) as ProductEntity).BaseUnit,
        })),
      },
      single(simulationEntity),
      {
        subject: `prices for customer '${customerNumber}'`,
        businessErrors: true,
        fieldOf: (target) => (/^to_Item\b/.test(target) ? 'material' : target === 'SoldToParty' ? 'customerNumber' : undefined),
      },
    );
    const items = simulation.d.to_Item ?? [];
    const prices = wanted.map((material, index) => {
      const item = items.find((candidate) => candidate.SalesOrderItem.replace(/^0+/, '') === itemNumbers[index]) ?? items.find((candidate) => candidate.Material === material);
      if (!item) throw new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `The ERP priced no item for material '${material}'`);
      const currency = item.TransactionCurrency || simulation.d.TransactionCurrency || '';
      return { material, unitPrice: { amount: normaliseAmount(item.NetAmount), currency }, uom: (products.get(material) as ProductEntity).BaseUnit };
    });
    return { customerNumber, prices };
  }

  // Items

  /** Products by material number (`expand`: with descriptions and units), keyed by material. */
  private async productsByNumber(materials: readonly string[], expand: boolean): Promise<Map<string, ProductEntity>> {
    const answers = await Promise.all(
      chunks([...new Set(materials)], FILTER_CHUNK).map((numbers) =>
        this.odata.get(
          SERVICES.product,
          'A_Product',
          { filter: anyOf('Product', numbers), top: numbers.length, ...(expand ? { expand: PRODUCT_EXPAND } : {}) },
          collection(productEntity),
          { subject: 'items' },
        ),
      ),
    );
    return new Map(answers.flatMap((answer) => answer.d.results.map((product) => [product.Product, product] as const)));
  }

  async listItems(query: ItemQuery): Promise<ItemPage> {
    const { offset, limit } = query;
    if (query.gtin === undefined) {
      const answer = await this.odata.get(
        SERVICES.product,
        'A_Product',
        { top: limit, skip: offset, count: true, orderBy: 'Product asc', expand: PRODUCT_EXPAND },
        collection(productEntity),
        { subject: 'the item list' },
      );
      return { items: answer.d.results.map(toItem), total: answer.d.__count ?? offset + answer.d.results.length, offset, limit };
    }
    // A GTIN is either an each's (A_Product.ProductStandardID) or a packaging level's (A_ProductUnitsOfMeasure).
    const forms = gtinForms(query.gtin);
    const [eaches, units] = await Promise.all([
      this.odata.get(SERVICES.product, 'A_Product', { filter: anyOf('ProductStandardID', forms), select: ['Product'] }, collection(productRef), {
        subject: `items with GTIN '${query.gtin}'`,
      }),
      this.odata.get(
        SERVICES.product,
        'A_ProductUnitsOfMeasure',
        { filter: anyOf('GlobalTradeItemNumber', forms), select: ['Product', 'AlternativeUnit'] },
        collection(productRef),
        { subject: `items with GTIN '${query.gtin}'` },
      ),
    ]);
    const matches = [...new Set([...eaches.d.results, ...units.d.results].map((ref) => ref.Product))].sort();
    const page = matches.slice(offset, offset + limit);
    const products = page.length > 0 ? await this.productsByNumber(page, true) : new Map<string, ProductEntity>();
    const items = page.flatMap((material) => {
      const product = products.get(material);
      return product ? [toItem(product)] : [];
    });
    return { items, total: matches.length, offset, limit };
  }

  async getItem(material: string): Promise<Item> {
    return toItem(await this.product(material, true));
  }

  private async product(material: string, expand: boolean): Promise<ProductEntity> {
    const answer = await this.odata.get(
      SERVICES.product,
      entityPath('A_Product', material),
      expand ? { expand: PRODUCT_EXPAND } : {},
      single(productEntity),
      { subject: `item '${material}'`, notFound: () => notFound('Item', material) },
    );
    return answer.d;
  }

  async getAvailability(material: string, plant?: string): Promise<Availability[]> {
    const plants = plant === undefined ? this.plants : [plant];
    const asOf = this.now();
    const answers = await Promise.all(
      plants.map(async (id) => {
        try {
          return await this.odata.get(
            SERVICES.availability,
            'DetermineAvailabilityOf',
            { parameters: { SupplyingPlant: quoteLiteral(id), Material: quoteLiteral(material), ATPCheckingRule: quoteLiteral(ATP_CHECKING_RULE) } },
            collection(availabilityRecordEntity),
            { subject: `availability of '${material}' in plant ${id}`, notFound: () => notFound('Plant', id) },
          );
        } catch (error) {
          if (error instanceof GatewayError && error.code === 'ERR_NOT_FOUND') throw await this.whichIsUnknown(material, id, plant !== undefined, error);
          throw error;
        }
      }),
    );
    // An empty answer names no unit: the item's base unit is the unit availability is counted in.
    const baseUnit = answers.some((answer) => answer.d.results.length === 0) ? (await this.product(material, false)).BaseUnit : '';
    return answers.map((answer, index) => toAvailability(material, plants[index] as string, baseUnit, answer.d.results, asOf));
  }

  /** The ERP's 404 names neither: an unknown material is the caller's 404; an unknown configured plant is ours. */
  private async whichIsUnknown(material: string, plant: string, plantAsked: boolean, plantError: GatewayError): Promise<GatewayError> {
    try {
      await this.product(material, false);
    } catch (error) {
      return error instanceof GatewayError ? error : plantError;
    }
    if (plantAsked) return plantError;
    return new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `The ERP does not know the configured plant ${plant} (platforms.erp.plants)`);
  }

  // Sales orders

  async createSalesOrder(order: SalesOrderCreate): Promise<SalesOrder> {
    const query = { customerNumber: order.customerNumber, purchaseOrderNumber: order.purchaseOrderNumber };
    return this.createLock.run(JSON.stringify([query.customerNumber, query.purchaseOrderNumber]), async () => {
      // A real S/4HANA only warns about a duplicate purchase order number, so the check is ours.
      const existing = await this.findSalesOrders(query);
      if (existing[0]) throw duplicate(existing[0], order);
      await this.checkPackSizes(order);
      try {
        return await this.postSalesOrder(order);
      } catch (error) {
        if (!(error instanceof GatewayError)) throw error;
        if (error.status >= 500) {
          // Timed out, dropped, or failed after the ERP got it: the order may exist. Say so if it does.
          const created = await this.findSalesOrders(query).catch(() => []);
          if (created[0]) return created[0];
        } else if (error.code === 'ERR_UNPROCESSABLE') {
          // Another instance may have created it meanwhile (the sandbox refuses a duplicate with a 400).
          const created = await this.findSalesOrders(query).catch(() => []);
          if (created[0]) throw duplicate(created[0], order);
        }
        throw error;
      }
    });
  }

  /**
   * A caller that states a pack size (a case of 12) must mean the ERP's: posting "2 CS" for a case of 10 would ship
   * 20 where 24 were ordered. Lines without a pack size are taken as the ERP's unit.
   */
  private async checkPackSizes(order: SalesOrderCreate): Promise<void> {
    const stated = order.lines.map((line, index) => ({ line, index })).filter(({ line }) => line.quantity.packSize !== undefined);
    if (stated.length === 0) return;
    const products = await this.productsByNumber(stated.map(({ line }) => line.material), true);
    const fields: FieldError[] = [];
    for (const { line, index } of stated) {
      const product = products.get(line.material);
      if (!product) continue; // the ERP names unknown materials itself
      const unit = toItemUnits(product).find((candidate) => candidate.uom === line.quantity.uom);
      if (unit && !decimalsEqual(unit.packSize, line.quantity.packSize as string)) {
        fields.push({
          name: `body.lines.${index}.quantity.packSize`,
          message: `${line.material} ${unit.uom} holds ${unit.packSize}, not ${line.quantity.packSize}`,
          value: line.quantity.packSize,
        });
      }
    }
    if (fields.length > 0) {
      throw new GatewayError('ERR_UNPROCESSABLE', `Pack sizes differ from the ERP's: ${fields.map((field) => field.name).join(', ')}`, { fields });
    }
  }

  private async postSalesOrder(order: SalesOrderCreate): Promise<SalesOrder> {
    const itemNumbers = itemNumbersOf(order);
    const body = toSalesOrderBody(order, this.salesArea, itemNumbers);
    const answer = await this.odata.post(SERVICES.salesOrder, 'A_SalesOrder', body, single(salesOrderEntity), {
      subject: `sales order for purchase order '${order.purchaseOrderNumber}'`,
      businessErrors: true,
      fieldOf: salesOrderFieldOf(order, itemNumbers),
    });
    const created = answer.d;
    // The answer to a deep insert normally holds the items; when it does not, read the order back.
    if (created.to_Item === undefined || created.to_Item.length === 0) return this.getSalesOrder(created.SalesOrder);
    const salesOrder = toSalesOrder(created);
    return salesOrder.shipTo === undefined && order.shipTo && created.to_Partner === undefined ? { ...salesOrder, shipTo: order.shipTo } : salesOrder;
  }

  async getSalesOrder(salesOrderNumber: string): Promise<SalesOrder> {
    const answer = await this.odata.get(
      SERVICES.salesOrder,
      entityPath('A_SalesOrder', salesOrderNumber),
      { expand: SALES_ORDER_EXPAND },
      single(salesOrderEntity),
      { subject: `sales order '${salesOrderNumber}'`, notFound: () => notFound('Sales order', salesOrderNumber) },
    );
    return toSalesOrder(answer.d);
  }

  async findSalesOrders(query: SalesOrderQuery): Promise<SalesOrder[]> {
    const answer = await this.odata.get(
      SERVICES.salesOrder,
      'A_SalesOrder',
      {
        filter: and(eq('SoldToParty', query.customerNumber), eq('PurchaseOrderByCustomer', query.purchaseOrderNumber)),
        orderBy: 'SalesOrder asc',
        expand: SALES_ORDER_EXPAND,
      },
      collection(salesOrderEntity),
      { subject: `sales orders of customer '${query.customerNumber}'` },
    );
    // One customer's orders under one PO number are a handful: more is an ERP answering something else, not a list to pass on.
    if (answer.d.results.length > MAX_SALES_ORDERS_PER_PURCHASE_ORDER) {
      throw new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `The ERP answered ${answer.d.results.length} sales orders for one purchase order number of customer '${query.customerNumber}'`);
    }
    // Belt and braces: only exact matches, whatever the server's notion of `eq` (case, trailing blanks).
    return answer.d.results
      .filter((entity) => entity.SoldToParty === query.customerNumber && entity.PurchaseOrderByCustomer === query.purchaseOrderNumber)
      .map(toSalesOrder);
  }

  async getInvoices(salesOrderNumber: string): Promise<Invoice[]> {
    const items = await this.odata.get(
      SERVICES.billing,
      'A_BillingDocumentItem',
      { filter: eq('SalesDocument', salesOrderNumber), select: ['BillingDocument'] },
      collection(billingRef),
      { subject: `invoices of sales order '${salesOrderNumber}'` },
    );
    const numbers = [...new Set(items.d.results.map((item) => item.BillingDocument))];
    if (numbers.length === 0) {
      // No invoice yet, or no such order: only the second is a 404.
      await this.odata.get(SERVICES.salesOrder, entityPath('A_SalesOrder', salesOrderNumber), { select: ['SalesOrder'] }, anyAnswer, {
        subject: `sales order '${salesOrderNumber}'`,
        notFound: () => notFound('Sales order', salesOrderNumber),
      });
      return [];
    }
    const documents = await Promise.all(
      numbers.map((number) =>
        this.odata.get(SERVICES.billing, entityPath('A_BillingDocument', number), { expand: ['to_Item'] }, single(billingDocumentEntity), {
          subject: `invoice '${number}'`,
        }),
      ),
    );
    return documents
      .map((document) => toInvoice(document.d, salesOrderNumber))
      .sort((a, b) => a.invoiceDate.localeCompare(b.invoiceDate) || a.invoiceNumber.localeCompare(b.invoiceNumber));
  }

  // Goods issue

  async postGoodsIssue(salesOrderNumber: string, request: GoodsIssueCreate): Promise<GoodsIssue> {
    this.checkGoodsIssueDate(request.goodsIssueDate);
    // One at a time per order inside this instance, so two calls never both create a delivery.
    return this.goodsIssueLock.run(salesOrderNumber, async () => {
      const existing = await this.deliveriesOf(salesOrderNumber);
      if (existing.length > 1) throw severalDeliveries(salesOrderNumber, existing);
      const deliveryNumber = existing[0] ?? (await this.createDelivery(salesOrderNumber, request));
      const header = await this.deliveryHeader(deliveryNumber);
      if (isGoodsIssuePosted(header)) return toGoodsIssue(header, salesOrderNumber, true);
      return this.postGoodsIssueOf(header, salesOrderNumber);
    });
  }

  /** Goods cannot leave on a day that has not come (UTC: the earliest calendar day anywhere is never later). */
  private checkGoodsIssueDate(goodsIssueDate: string | undefined): void {
    if (goodsIssueDate === undefined) return;
    const today = this.now().toISOString().slice(0, 10);
    if (goodsIssueDate > today) {
      throw new GatewayError('ERR_UNPROCESSABLE', `Goods cannot have been issued on ${goodsIssueDate}: it is a future day`, {
        fields: [{ name: 'body.goodsIssueDate', message: `must not be after ${today}`, value: goodsIssueDate }],
      });
    }
  }

  /** The numbers of the deliveries referencing a sales order, ascending (the ERP may write the order with leading zeros). */
  private async deliveriesOf(salesOrderNumber: string): Promise<string[]> {
    const answer = await this.odata.get(
      SERVICES.outboundDelivery,
      'A_OutbDeliveryItem',
      { filter: anyOf('ReferenceSDDocument', documentNumberForms(salesOrderNumber)), select: ['DeliveryDocument', 'ReferenceSDDocument'] },
      collection(deliveryItemRefEntity),
      { subject: `the deliveries of sales order '${salesOrderNumber}'` },
    );
    const wanted = stripLeadingZeros(salesOrderNumber);
    const numbers = answer.d.results.filter((item) => stripLeadingZeros(item.ReferenceSDDocument ?? '') === wanted).map((item) => item.DeliveryDocument);
    return [...new Set(numbers)].sort();
  }

  private async deliveryHeader(deliveryNumber: string): Promise<DeliveryHeaderEntity> {
    // No notFound: a delivery the ERP has just named and then denies is the ERP contradicting itself (502).
    const answer = await this.odata.get(SERVICES.outboundDelivery, entityPath('A_OutbDeliveryHeader', deliveryNumber), {}, single(deliveryHeaderEntity), {
      subject: `delivery '${deliveryNumber}'`,
    });
    return answer.d;
  }

  /**
   * Creates the delivery of the whole order and answers its number. When the answer is lost or the ERP refuses
   * (another instance may have delivered the order meanwhile), the delivery found by reference is the answer.
   */
  private async createDelivery(salesOrderNumber: string, request: GoodsIssueCreate): Promise<string> {
    const order = await this.odata.get(SERVICES.salesOrder, entityPath('A_SalesOrder', salesOrderNumber), { expand: ['to_Item'] }, single(salesOrderEntity), {
      subject: `sales order '${salesOrderNumber}'`,
      notFound: () => notFound('Sales order', salesOrderNumber),
    });
    if ((order.d.to_Item ?? []).length === 0) throw new GatewayError('ERR_UNPROCESSABLE', `Sales order '${salesOrderNumber}' has no items to deliver`);
    try {
      const created = await this.odata.post(SERVICES.outboundDelivery, 'A_OutbDeliveryHeader', toDeliveryBody(order.d, request), single(deliveryHeaderEntity), {
        subject: `the delivery of sales order '${salesOrderNumber}'`,
        businessErrors: true,
        fieldOf: deliveryFieldOf,
      });
      return created.d.DeliveryDocument;
    } catch (error) {
      if (!(error instanceof GatewayError) || (error.status < 500 && error.code !== 'ERR_UNPROCESSABLE')) throw error;
      const found = await this.deliveriesOf(salesOrderNumber).catch(() => []);
      if (found.length === 1) return found[0] as string;
      throw error;
    }
  }

  /**
   * Posts goods issue of a delivery, guarded by the ETag it was read with. When the outcome is unknown, or the ERP
   * refused (someone else posted it meanwhile), the delivery read again tells whether goods issue is posted.
   */
  private async postGoodsIssueOf(header: DeliveryHeaderEntity, salesOrderNumber: string): Promise<GoodsIssue> {
    const deliveryNumber = header.DeliveryDocument;
    try {
      await this.odata.post(
        SERVICES.outboundDelivery,
        'PostGoodsIssue',
        undefined,
        anyAnswer,
        { subject: `goods issue of delivery '${deliveryNumber}'`, businessErrors: true },
        { query: { parameters: { DeliveryDocument: quoteLiteral(deliveryNumber) } }, headers: { 'If-Match': header.__metadata?.etag ?? '*' } },
      );
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      const now = await this.deliveryHeader(deliveryNumber).catch(() => undefined);
      // Refused by the ERP: someone else posted it. Unknown outcome: most likely ours, its answer lost.
      if (now && isGoodsIssuePosted(now)) return toGoodsIssue(now, salesOrderNumber, refusedByErp(error));
      throw error;
    }
    // The action's answer differs between releases; the delivery read back is the one source of its outcome.
    return toGoodsIssue(await this.deliveryHeader(deliveryNumber), salesOrderNumber, false);
  }

  // Health

  async checkHealth(): Promise<void> {
    const context: ErrorContext = { subject: 'the sales order service document' };
    try {
      await this.odata.get(SERVICES.salesOrder, '', {}, anyAnswer, context, { retries: 0 });
    } catch (error) {
      const reason = error instanceof GatewayError ? error.message : 'the check failed unexpectedly';
      throw new GatewayError('ERR_PLATFORM_UNAVAILABLE', `The ERP is not usable: ${reason}`, { cause: error });
    }
  }
}

/** Whether the ERP answered a refusal (a 4xx: it did not do the work), rather than failing or not answering. */
function refusedByErp(error: GatewayError): boolean {
  return error.cause instanceof PlatformResponseError && error.cause.status < 500;
}

function severalDeliveries(salesOrderNumber: string, deliveries: readonly string[]): GatewayError {
  return new GatewayError(
    'ERR_UNPROCESSABLE',
    `Sales order '${salesOrderNumber}' is split over deliveries ${deliveries.join(', ')} in the ERP; goods issue through this API is for an order delivered in one delivery`,
  );
}

function duplicate(existing: SalesOrder, order: SalesOrderCreate): GatewayError {
  return new GatewayError(
    'ERR_CONFLICT',
    `Sales order ${existing.salesOrderNumber} already exists for customer '${order.customerNumber}' and purchase order '${order.purchaseOrderNumber}'`,
    { extensions: { salesOrderNumber: existing.salesOrderNumber } },
  );
}
