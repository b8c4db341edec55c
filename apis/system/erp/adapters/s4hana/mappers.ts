/**
 * SAP entities (entities.ts) → the v1 contract (../../v1/models.ts). Pure functions: no I/O, no clock, so every
 * mapping rule is unit-tested on its own. Units pass through: the sandbox and a standard S/4HANA configuration use
 * the UN/ECE Rec 20 codes (EA, CS) as ISO units already.
 */
import type { Address } from '../../../../canonical/model';
import { GatewayError } from '../../../../../gateway/errors';
import type {
  Availability,
  AvailabilityPeriod,
  Customer,
  GoodsIssue,
  Invoice,
  InvoiceLine,
  Item,
  ItemUnit,
  SalesOrder,
  SalesOrderLine,
  SalesOrderStatus,
  ShipTo,
} from '../../v1/models';
import type {
  AvailabilityRecordEntity,
  BillingDocumentEntity,
  CustomerEntity,
  CustomerSalesAreaEntity,
  DeliveryHeaderEntity,
  ProductEntity,
  SalesOrderEntity,
} from './entities';
import {
  addDecimals,
  divideDecimals,
  normaliseAmount,
  normaliseQuantity,
  odataDateToIsoDate,
  odataDateToIsoDateTime,
  stripLeadingZeros,
} from './odata-values';

/** The sales area orders are taken in (configuration `platforms.erp.salesOrganization`…). */
export interface SalesArea {
  salesOrganization: string;
  distributionChannel: string;
  division: string;
}

/** SAP partner functions (`PARVW`) as the OData services spell them. */
export const PARTNER_FUNCTION = { soldTo: 'SP', shipTo: 'SH', billTo: 'BP', payer: 'PY' } as const;

const present = (value: string | null | undefined): value is string => typeof value === 'string' && value.trim() !== '';

export function toAddress(entity: CustomerEntity): Address {
  return {
    ...(present(entity.CustomerName) ? { name: entity.CustomerName } : {}),
    lines: [entity.StreetName].filter(present),
    ...(present(entity.CityName) ? { city: entity.CityName } : {}),
    ...(present(entity.Region) ? { region: entity.Region } : {}),
    ...(present(entity.PostalCode) ? { postalCode: entity.PostalCode } : {}),
    country: entity.Country ?? '',
  };
}

/** The customer's data in the given sales area, or undefined when the customer is not set up there. */
export function salesAreaOf(entity: CustomerEntity, area: SalesArea): CustomerSalesAreaEntity | undefined {
  return entity.to_CustomerSalesArea?.find(
    (candidate) =>
      candidate.SalesOrganization === area.salesOrganization &&
      candidate.DistributionChannel === area.distributionChannel &&
      candidate.Division === area.division,
  );
}

/** Whether the customer is a sold-to party in the area: its own sold-to partner (function SP), as SAP determines it. */
export function isSoldTo(entity: CustomerEntity, area: CustomerSalesAreaEntity | undefined): boolean {
  return (area?.to_PartnerFunction ?? []).some((partner) => partner.PartnerFunction === PARTNER_FUNCTION.soldTo && partner.BPCustomerNumber === entity.Customer);
}

/** Customer numbers of the ship-to partners of a sales area, in partner-counter order, without duplicates. */
export function shipToNumbers(area: CustomerSalesAreaEntity | undefined): string[] {
  const partners = (area?.to_PartnerFunction ?? [])
    .filter((partner) => partner.PartnerFunction === PARTNER_FUNCTION.shipTo && present(partner.BPCustomerNumber))
    .sort((a, b) => Number(a.PartnerCounter ?? 0) - Number(b.PartnerCounter ?? 0));
  return [...new Set(partners.map((partner) => partner.BPCustomerNumber as string))];
}

/**
 * A customer with its terms in `area` and its ship-to parties. `parties` holds the ship-to parties' own customer
 * records (names, addresses); one missing there (blocked, archived) is left out rather than shown half-empty.
 */
export function toCustomer(entity: CustomerEntity, area: CustomerSalesAreaEntity | undefined, parties: ReadonlyMap<string, CustomerEntity>): Customer {
  const shipTos: ShipTo[] = [];
  for (const number of shipToNumbers(area)) {
    const party = number === entity.Customer ? entity : parties.get(number);
    if (party) shipTos.push({ partnerNumber: party.Customer, name: party.CustomerName ?? '', address: toAddress(party) });
  }
  return {
    customerNumber: entity.Customer,
    name: entity.CustomerName ?? '',
    address: toAddress(entity),
    currency: area?.Currency ?? '',
    paymentTerms: area?.CustomerPaymentTerms ?? '',
    priceList: area?.CustomerPriceGroup ?? '',
    shipTos,
  };
}

/** How many of each weight unit an ERP commonly records gross weight in make one kilogram. */
const UNITS_PER_KILOGRAM: Readonly<Record<string, string>> = { KG: '1', G: '1000', MG: '1000000' };

function grossWeightKg(product: ProductEntity): string | undefined {
  if (product.GrossWeight === undefined || product.GrossWeight === null || !present(product.WeightUnit)) return undefined;
  const perKilogram = UNITS_PER_KILOGRAM[product.WeightUnit.toUpperCase()];
  // Other units (LB, OZ) would need a rounded conversion: better no weight than a wrong one.
  return perKilogram === undefined ? undefined : divideDecimals(product.GrossWeight, perKilogram);
}

/** The English description, else the first one, else the material number (an item always has a label). */
function description(product: ProductEntity): string {
  const descriptions = product.to_Description ?? [];
  const english = descriptions.find((entry) => entry.Language?.toUpperCase() === 'EN' && present(entry.ProductDescription));
  const any = descriptions.find((entry) => present(entry.ProductDescription));
  return english?.ProductDescription ?? any?.ProductDescription ?? product.Product;
}

/**
 * Every unit of the item, the base unit first, each with its pack size (eaches per unit: QuantityNumerator /
 * QuantityDenominator) and its own GTIN. The base unit's GTIN falls back to `ProductStandardID`.
 */
export function toItemUnits(product: ProductEntity): ItemUnit[] {
  const units: ItemUnit[] = [];
  const measures = product.to_ProductUnitsOfMeasure ?? [];
  const base = measures.find((unit) => unit.AlternativeUnit === product.BaseUnit);
  const baseGtin = present(base?.GlobalTradeItemNumber) ? base.GlobalTradeItemNumber : present(product.ProductStandardID) ? product.ProductStandardID : undefined;
  units.push({ uom: product.BaseUnit, packSize: '1', ...(baseGtin ? { gtin: baseGtin } : {}) });
  for (const unit of measures) {
    if (unit.AlternativeUnit === product.BaseUnit) continue;
    units.push({
      uom: unit.AlternativeUnit,
      packSize: divideDecimals(unit.QuantityNumerator, unit.QuantityDenominator),
      ...(present(unit.GlobalTradeItemNumber) ? { gtin: unit.GlobalTradeItemNumber } : {}),
    });
  }
  return units;
}

export function toItem(product: ProductEntity): Item {
  const units = toItemUnits(product);
  const gtin = present(product.ProductStandardID) ? product.ProductStandardID : units[0]?.gtin;
  const weight = grossWeightKg(product);
  return {
    material: product.Product,
    description: description(product),
    category: product.ProductGroup ?? '',
    baseUnit: product.BaseUnit,
    ...(gtin ? { gtin } : {}),
    units,
    ...(weight !== undefined ? { grossWeightKg: weight } : {}),
  };
}

/**
 * One plant's ATP answer: the first period is what is available now; later ones are replenishments due.
 * No periods at all means nothing available.
 */
export function toAvailability(material: string, plant: string, baseUnit: string, records: AvailabilityRecordEntity[], asOf: Date): Availability {
  const [now, ...later] = records;
  const future: AvailabilityPeriod[] = later.map((record) => ({
    from: odataDateToIsoDateTime(record.PeriodStartUTCDateTime) as string,
    quantity: normaliseQuantity(record.AvailableQuantityInBaseUnit),
  }));
  return {
    material,
    plant,
    available: now ? normaliseQuantity(now.AvailableQuantityInBaseUnit) : '0',
    uom: now?.BaseUnit ?? baseUnit,
    asOf: asOf.toISOString(),
    future,
  };
}

/** SAP's overall processing status (`GBSTK`): A not yet processed, B partially processed, C completely processed. */
export function toSalesOrderStatus(status: string | null | undefined): SalesOrderStatus {
  switch (status) {
    case 'B':
      return 'IN_PROCESS';
    case 'C':
      return 'COMPLETED';
    default:
      return 'OPEN';
  }
}

export function toSalesOrder(entity: SalesOrderEntity): SalesOrder {
  const shipTo = entity.to_Partner?.find((partner) => partner.PartnerFunction === PARTNER_FUNCTION.shipTo && present(partner.Customer));
  const purchaseOrderDate = odataDateToIsoDate(entity.CustomerPurchaseOrderDate);
  const requestedDeliveryDate = odataDateToIsoDate(entity.RequestedDeliveryDate);
  const lines: SalesOrderLine[] = (entity.to_Item ?? []).map((item) => ({
    itemNumber: stripLeadingZeros(item.SalesOrderItem),
    ...(present(item.UnderlyingPurchaseOrderItem) ? { lineNumber: item.UnderlyingPurchaseOrderItem } : {}),
    material: item.Material,
    ...(present(item.SalesOrderItemText) ? { description: item.SalesOrderItemText } : {}),
    quantity: { value: normaliseQuantity(item.RequestedQuantity), uom: item.RequestedQuantityUnit },
    ...(present(item.ProductionPlant) ? { plant: item.ProductionPlant } : {}),
    netAmount: { amount: normaliseAmount(item.NetAmount), currency: item.TransactionCurrency || entity.TransactionCurrency },
  }));
  return {
    salesOrderNumber: entity.SalesOrder,
    customerNumber: entity.SoldToParty,
    ...(shipTo?.Customer ? { shipTo: shipTo.Customer } : {}),
    purchaseOrderNumber: entity.PurchaseOrderByCustomer ?? '',
    ...(purchaseOrderDate ? { purchaseOrderDate } : {}),
    ...(requestedDeliveryDate ? { requestedDeliveryDate } : {}),
    createdOn: odataDateToIsoDate(entity.CreationDate) as string,
    status: toSalesOrderStatus(entity.OverallSDProcessStatus),
    netAmount: { amount: normaliseAmount(entity.TotalNetAmount), currency: entity.TransactionCurrency },
    lines,
  };
}

/** A billing document as an invoice of `salesOrderNumber`. Its lines are all of the document's, so totals add up. */
export function toInvoice(document: BillingDocumentEntity, salesOrderNumber: string): Invoice {
  const currency = document.TransactionCurrency;
  const lines: InvoiceLine[] = (document.to_Item ?? []).map((item) => ({
    itemNumber: stripLeadingZeros(item.BillingDocumentItem),
    salesOrderItem: stripLeadingZeros(item.SalesDocumentItem ?? ''),
    material: item.Material,
    quantity: { value: normaliseQuantity(item.BillingQuantity), uom: item.BillingQuantityUnit },
    netAmount: { amount: normaliseAmount(item.NetAmount), currency: item.TransactionCurrency || currency },
  }));
  const net = normaliseAmount(document.TotalNetAmount);
  const tax = normaliseAmount(document.TotalTaxAmount);
  return {
    invoiceNumber: document.BillingDocument,
    invoiceDate: odataDateToIsoDate(document.BillingDocumentDate) as string,
    salesOrderNumber,
    customerNumber: document.SoldToParty,
    ...(present(document.PurchaseOrderByCustomer) ? { purchaseOrderNumber: document.PurchaseOrderByCustomer } : {}),
    ...(present(document.CustomerPaymentTerms) ? { paymentTerms: document.CustomerPaymentTerms } : {}),
    netAmount: { amount: net, currency },
    taxAmount: { amount: tax, currency },
    totalAmount: { amount: addDecimals(net, tax), currency },
    lines,
  };
}

/** Whether goods issue of a delivery is posted completely (SAP's overall goods movement status `C`). */
export function isGoodsIssuePosted(header: DeliveryHeaderEntity): boolean {
  return header.OverallGoodsMovementStatus === 'C';
}

/** A delivery whose goods issue is posted, as the goods issue of `salesOrderNumber`. */
export function toGoodsIssue(header: DeliveryHeaderEntity, salesOrderNumber: string, alreadyPosted: boolean): GoodsIssue {
  const goodsIssueDate = odataDateToIsoDate(header.ActualGoodsMovementDate);
  if (goodsIssueDate === undefined) {
    throw new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `The ERP posted goods issue of delivery ${header.DeliveryDocument} without a goods issue date`);
  }
  return { deliveryNumber: header.DeliveryDocument, salesOrderNumber, goodsIssueDate, alreadyPosted };
}
