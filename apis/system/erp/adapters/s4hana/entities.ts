/**
 * The OData entities the adapter reads, as zod schemas holding only the properties it uses (others are dropped).
 * Every answer is parsed through one of these before mapping, so a malformed or surprising answer is a clear 502
 * naming the property, not a `TypeError` somewhere in a mapper. Property names are SAP's (API Business Hub).
 */
import { z } from 'zod';

/** `Edm.String` that SAP may send as null or leave out. */
const text = z.string().nullish();

/** `Edm.Decimal`: a JSON string in OData V2 (`"12.50"`); a number is tolerated and kept as its shortest text. */
const decimal = z.union([
  z.string().regex(/^\s*-?(\d+(\.\d*)?|\.\d+)\s*$/, 'a decimal string').transform((value) => value.trim()),
  z.number().transform(String),
]);

/** `Edm.DateTime` / `Edm.DateTimeOffset` in OData V2 JSON: `/Date(1764288000000)/`. */
const dateTime = z.string().regex(/^\/Date\(-?\d+([+-]\d{4})?\)\/$/, 'an OData /Date(ms)/ value');

/**
 * A navigation property: the entities when expanded (`{"results": [...]}`), `undefined` when deferred
 * (`{"__deferred": ...}`) or absent, so a mapper can tell "not asked for" from "none".
 */
function many<T extends z.ZodType>(entity: T) {
  return z
    .union([
      z.object({ results: z.array(entity) }).transform((value) => value.results),
      z.array(entity),
      z.object({ __deferred: z.unknown() }).transform(() => undefined),
    ])
    .optional();
}

/**
 * The envelope schemas are built once per entity and kept: zod 4 compiles a parser for each schema instance on its
 * first use, so a wrapper built per request paid that compilation on every call (≈ 10x the parse itself, measured
 * on the product read).
 */
const collections = new WeakMap<z.ZodType, z.ZodType>();
const singles = new WeakMap<z.ZodType, z.ZodType>();

function memoized<T extends z.ZodType, S extends z.ZodType>(cache: WeakMap<z.ZodType, z.ZodType>, entity: T, build: (entity: T) => S): S {
  let schema = cache.get(entity) as S | undefined;
  if (!schema) {
    schema = build(entity);
    cache.set(entity, schema);
  }
  return schema;
}

function buildCollection<T extends z.ZodType>(entity: T) {
  return z.object({
    d: z.object({
      results: z.array(entity),
      /** Present with `$inlinecount=allpages`: the total matches, as a string. */
      __count: z.union([z.string().regex(/^\d+$/), z.number()]).transform(Number).optional(),
    }),
  });
}

export function collection<T extends z.ZodType>(entity: T): ReturnType<typeof buildCollection<T>> {
  return memoized(collections, entity, buildCollection);
}

function buildSingle<T extends z.ZodType>(entity: T) {
  return z.object({ d: entity });
}

export function single<T extends z.ZodType>(entity: T): ReturnType<typeof buildSingle<T>> {
  return memoized(singles, entity, buildSingle);
}

// API_BUSINESS_PARTNER

export const partnerFunctionEntity = z.object({
  PartnerFunction: z.string(),
  BPCustomerNumber: text,
  PartnerCounter: z.union([z.string(), z.number()]).nullish(),
});

export const customerSalesAreaEntity = z.object({
  SalesOrganization: z.string(),
  DistributionChannel: z.string(),
  Division: z.string(),
  Currency: text,
  CustomerPaymentTerms: text,
  CustomerPriceGroup: text,
  to_PartnerFunction: many(partnerFunctionEntity),
});

export const customerEntity = z.object({
  Customer: z.string(),
  CustomerName: text,
  CustomerAccountGroup: text,
  DeletionIndicator: z.boolean().nullish(),
  StreetName: text,
  CityName: text,
  PostalCode: text,
  Region: text,
  Country: text,
  to_CustomerSalesArea: many(customerSalesAreaEntity),
});

export type PartnerFunctionEntity = z.infer<typeof partnerFunctionEntity>;
export type CustomerSalesAreaEntity = z.infer<typeof customerSalesAreaEntity>;
export type CustomerEntity = z.infer<typeof customerEntity>;

// API_PRODUCT_SRV

export const productDescriptionEntity = z.object({
  Language: text,
  ProductDescription: text,
});

export const productUnitOfMeasureEntity = z.object({
  Product: text,
  AlternativeUnit: z.string(),
  QuantityNumerator: decimal,
  QuantityDenominator: decimal,
  GlobalTradeItemNumber: text,
});

export const productEntity = z.object({
  Product: z.string(),
  ProductGroup: text,
  BaseUnit: z.string(),
  GrossWeight: decimal.nullish(),
  WeightUnit: text,
  ProductStandardID: text,
  IsMarkedForDeletion: z.boolean().nullish(),
  to_Description: many(productDescriptionEntity),
  to_ProductUnitsOfMeasure: many(productUnitOfMeasureEntity),
});

export type ProductUnitOfMeasureEntity = z.infer<typeof productUnitOfMeasureEntity>;
export type ProductEntity = z.infer<typeof productEntity>;

// API_PRODUCT_AVAILY_INFO_BASIC

export const availabilityRecordEntity = z.object({
  PeriodStartUTCDateTime: dateTime,
  PeriodEndUTCDateTime: dateTime.nullish(),
  AvailableQuantityInBaseUnit: decimal,
  BaseUnit: z.string(),
});

export type AvailabilityRecordEntity = z.infer<typeof availabilityRecordEntity>;

// API_SALES_ORDER_SIMULATION_SRV

export const simulationItemEntity = z.object({
  SalesOrderItem: z.string(),
  Material: z.string(),
  RequestedQuantity: decimal,
  RequestedQuantityUnit: text,
  NetAmount: decimal,
  TransactionCurrency: text,
});

export const simulationEntity = z.object({
  TransactionCurrency: text,
  to_Item: many(simulationItemEntity),
});

export type SimulationEntity = z.infer<typeof simulationEntity>;

// API_SALES_ORDER_SRV

export const salesOrderItemEntity = z.object({
  SalesOrderItem: z.string(),
  Material: z.string(),
  SalesOrderItemText: text,
  RequestedQuantity: decimal,
  RequestedQuantityUnit: z.string(),
  NetAmount: decimal,
  TransactionCurrency: text,
  ProductionPlant: text,
  UnderlyingPurchaseOrderItem: text,
});

export const salesOrderPartnerEntity = z.object({
  PartnerFunction: z.string(),
  Customer: text,
});

export const salesOrderEntity = z.object({
  SalesOrder: z.string(),
  SoldToParty: z.string(),
  PurchaseOrderByCustomer: text,
  CustomerPurchaseOrderDate: dateTime.nullish(),
  RequestedDeliveryDate: dateTime.nullish(),
  CreationDate: dateTime,
  OverallSDProcessStatus: text,
  TotalNetAmount: decimal,
  TransactionCurrency: z.string(),
  to_Item: many(salesOrderItemEntity),
  to_Partner: many(salesOrderPartnerEntity),
});

export type SalesOrderItemEntity = z.infer<typeof salesOrderItemEntity>;
export type SalesOrderEntity = z.infer<typeof salesOrderEntity>;

// API_BILLING_DOCUMENT_SRV

export const billingDocumentItemEntity = z.object({
  BillingDocument: z.string(),
  BillingDocumentItem: z.string(),
  SalesDocument: text,
  SalesDocumentItem: text,
  Material: z.string(),
  BillingQuantity: decimal,
  BillingQuantityUnit: z.string(),
  NetAmount: decimal,
  TransactionCurrency: text,
});

export const billingDocumentEntity = z.object({
  BillingDocument: z.string(),
  BillingDocumentType: text,
  BillingDocumentDate: dateTime,
  SoldToParty: z.string(),
  TotalNetAmount: decimal,
  TotalTaxAmount: decimal,
  TransactionCurrency: z.string(),
  CustomerPaymentTerms: text,
  PurchaseOrderByCustomer: text,
  to_Item: many(billingDocumentItemEntity),
});

export type BillingDocumentItemEntity = z.infer<typeof billingDocumentItemEntity>;
export type BillingDocumentEntity = z.infer<typeof billingDocumentEntity>;

// API_OUTBOUND_DELIVERY_SRV (version 0002)

/** `__metadata` as far as the adapter reads it: the ETag an action on the entity sends back in `If-Match`. */
const etagMetadata = z.object({ etag: z.string().optional() }).optional();

/** A delivery item as read to find the deliveries of a sales order. */
export const deliveryItemRefEntity = z.object({
  DeliveryDocument: z.string(),
  ReferenceSDDocument: text,
});

export const deliveryHeaderEntity = z.object({
  __metadata: etagMetadata,
  DeliveryDocument: z.string(),
  /** The goods issue day: set once goods issue is posted (or given at creation). */
  ActualGoodsMovementDate: dateTime.nullish(),
  /** A not yet posted, B partly, C completely posted. */
  OverallGoodsMovementStatus: text,
  DeliveryDocumentBySupplier: text,
});

export type DeliveryItemRefEntity = z.infer<typeof deliveryItemRefEntity>;
export type DeliveryHeaderEntity = z.infer<typeof deliveryHeaderEntity>;
