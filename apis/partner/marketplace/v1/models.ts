/**
 * The marketplace channel v1 contract: purchase orders, acknowledgements, order statuses and shipment confirmations
 * in the shape of Amazon's Selling Partner API for Retail Procurement (vendor orders and vendor shipments). Field
 * names, enums and nesting are Amazon's, so a marketplace integration maps nothing; what we add beyond Amazon's shape
 * says so ("Not in Amazon's shape").
 */

/**
 * The marketplace's purchase order number, verbatim (Amazon: an 8-character alphanumeric code).
 * @minLength 1
 * @maxLength 35
 * @pattern ^[A-Za-z0-9._-]+$
 * @example "2JK3S9VC"
 */
export type PurchaseOrderNumber = string;

/**
 * An ISO 8601 date-time (a plain date is read as midnight UTC).
 * @pattern ^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$
 * @example "2026-11-28T09:30:00Z"
 */
export type DateTime = string;

/**
 * Where a purchase order stands, in Amazon's words. New: received, not yet acknowledged by us (we are checking,
 * pricing, allocating and posting it, or fixing a failure). Acknowledged: we sent our acknowledgement and the order
 * is being released, picked and shipped. Closed: nothing more will happen: every item was invoiced, or we rejected
 * the whole order.
 * @example "Acknowledged"
 */
export type PurchaseOrderState = 'New' | 'Acknowledged' | 'Closed';

/**
 * The kind of purchase order, as the marketplace sent it.
 * @example "RegularOrder"
 */
export type PurchaseOrderType = 'RegularOrder' | 'ConsignedOrder' | 'NewProductIntroduction' | 'RushOrder';

/**
 * How the marketplace pays, as it sent it.
 * @example "Invoice"
 */
export type PaymentMethod = 'Invoice' | 'Consignment' | 'CreditCard' | 'Prepaid';

/**
 * Cases (a case of `unitSize` eaches; our unit CS) or Eaches (single units; our unit EA).
 * @example "Cases"
 */
export type UnitOfMeasure = 'Cases' | 'Eaches';

/** A quantity in Amazon's units. */
export interface ItemQuantity {
  /**
   * How many units: a whole number.
   * @isInt
   * @minimum 0
   * @maximum 999999999
   * @example 4
   */
  amount: number;
  /** The unit of `amount`: Cases or Eaches. */
  unitOfMeasure: UnitOfMeasure;
  /**
   * Eaches per case, with Cases (required then; it must be our pack size for the item, or the item is rejected).
   * @isInt
   * @minimum 1
   * @maximum 1000000
   * @example 10
   */
  unitSize?: number;
}

/**
 * The unit a weight-priced item is priced per. We sell by the each: a weight unit refuses the item.
 * @example "POUNDS"
 */
export type WeightUnit = 'POUNDS' | 'OUNCES' | 'GRAMS' | 'KILOGRAMS';

/** An amount of money, Amazon style: the amount is a decimal string. */
export interface Money {
  /**
   * ISO 4217 currency code.
   * @pattern ^[A-Z]{3}$
   * @example "USD"
   */
  currencyCode: string;
  /**
   * A decimal number as a string, never a JSON number: at most 9 digits before and 4 after the point.
   * @pattern ^\d{1,9}(\.\d{1,4})?$
   * @example "13.29"
   */
  amount: string;
  /** Only for items sold by weight (which we do not sell); absent means per each. */
  unitOfMeasure?: WeightUnit;
}

/** A postal address, Amazon style. */
export interface Address {
  /**
   * The name of the person, business or institution at the address.
   * @maxLength 100
   * @example "Shopco Fulfillment Center ABE8"
   */
  name: string;
  /**
   * First line of the address.
   * @maxLength 100
   * @example "705 Boulder Dr"
   */
  addressLine1: string;
  /** Second line of the address. */
  addressLine2?: string;
  /** Third line of the address. */
  addressLine3?: string;
  /**
   * The city.
   * @example "Breinigsville"
   */
  city?: string;
  /** The county. */
  county?: string;
  /** The district. */
  district?: string;
  /**
   * The state or region.
   * @example "PA"
   */
  stateOrRegion?: string;
  /**
   * The postal code.
   * @example "18031"
   */
  postalCode?: string;
  /**
   * ISO 3166-1 alpha-2 country code.
   * @pattern ^[A-Z]{2}$
   * @example "US"
   */
  countryCode: string;
  /** A phone number at the address. */
  phone?: string;
}

/**
 * The kind of tax registration.
 * @example "VAT"
 */
export type TaxRegistrationType = 'VAT' | 'GST';

/** A party's tax registration, as the marketplace sent it (accepted, not kept). */
export interface TaxRegistrationDetails {
  /** VAT or GST. */
  taxRegistrationType: TaxRegistrationType;
  /**
   * The registration number.
   * @example "US123456789"
   */
  taxRegistrationNumber: string;
}

/** A party of a purchase order: who buys, sells, receives or is billed, by the marketplace's id. */
export interface PartyIdentification {
  /**
   * The party's id at the marketplace: a vendor code, a fulfilment centre code.
   * @minLength 1
   * @maxLength 35
   * @pattern ^[A-Za-z0-9._-]+$
   * @example "ABE8"
   */
  partyId: string;
  /** The party's address; on a ship-to party it is kept and shown again. */
  address?: Address;
  /** The party's tax registration; accepted, not kept. */
  taxInfo?: TaxRegistrationDetails;
}

/**
 * How import shipping is paid.
 * @example "PaidByBuyer"
 */
export type MethodOfPayment = 'PaidByBuyer' | 'CollectOnDelivery' | 'DefinedByBuyerAndSeller' | 'FOBPortOfCall' | 'PrepaidBySeller' | 'PaidBySeller';

/**
 * Incoterms of an import order.
 * @example "FreeOnBoard"
 */
export type InternationalCommercialTerms =
  | 'ExWorks'
  | 'FreeCarrier'
  | 'FreeOnBoard'
  | 'FreeAlongSideShip'
  | 'CarriagePaidTo'
  | 'CostAndFreight'
  | 'CarriageAndInsurancePaidTo'
  | 'CostInsuranceAndFreight'
  | 'DeliveredAtTerminal'
  | 'DeliveredAtPlace'
  | 'DeliverDutyPaid';

/** Import details of an import purchase order, as the marketplace sent them (accepted, not kept: we do not ship imports). */
export interface ImportDetails {
  /** How the import shipment is paid. */
  methodOfPayment?: MethodOfPayment;
  /** The Incoterms. */
  internationalCommercialTerms?: InternationalCommercialTerms;
  /** The port of delivery. */
  portOfDelivery?: string;
  /** The containers, e.g. "1-40'HC,1-20'". */
  importContainers?: string;
  /** Shipping instructions. */
  shippingInstructions?: string;
}

/** One item of a purchase order. */
export interface OrderItem {
  /**
   * The item's number on the purchase order, verbatim: acknowledgements, statuses and shipment confirmations echo it.
   * @pattern ^[A-Za-z0-9._-]{1,20}$
   * @example "1"
   */
  itemSequenceNumber: string;
  /**
   * The item's ASIN (Amazon Standard Identification Number), kept and echoed.
   * @maxLength 20
   * @example "B07DFVDRAB"
   */
  amazonProductIdentifier?: string;
  /**
   * Our product id: the SKU (our material number) we resolve the item by.
   * @maxLength 40
   * @example "TG-10001"
   */
  vendorProductIdentifier?: string;
  /**
   * The buyer's own part number, kept as its part number. Not in Amazon's purchase order shape (Amazon's order
   * statuses use the name for the ASIN); accepted for marketplaces that send one.
   * @maxLength 40
   * @example "SHOPCO-88412"
   */
  buyerProductIdentifier?: string;
  /** How many, in Cases (with `unitSize`) or Eaches. */
  orderedQuantity: ItemQuantity;
  /**
   * Whether the buyer takes backorder confirmations for the item. Accepted, not kept: whether short items are
   * backordered follows your account's fulfilment rules; on answers it is absent.
   */
  isBackOrderAllowed?: boolean;
  /** The net cost per each (Amazon prices per each, also when ordering cases); compared with our price. */
  netCost?: Money;
  /** The list price per each; accepted, not kept. */
  listPrice?: Money;
}

/** The details of a purchase order. */
export interface OrderDetails {
  /** When the purchase order was placed: its date is the order date. */
  purchaseOrderDate: DateTime;
  /** When the marketplace last changed the order; accepted, not kept. */
  purchaseOrderChangedDate?: DateTime;
  /** When `purchaseOrderState` last changed. On answers: when the order reached its current state. */
  purchaseOrderStateChangedDate?: DateTime;
  /** The kind of order; kept and shown again. */
  purchaseOrderType?: PurchaseOrderType;
  /** Import details; accepted, not kept. */
  importDetails?: ImportDetails;
  /** A promotional or deal code; accepted, not kept. */
  dealCode?: string;
  /** How the marketplace pays; accepted, not kept. */
  paymentMethod?: PaymentMethod;
  /** The buying party: its `partyId` says which of your accounts the order is placed on (configured with us). */
  buyingParty?: PartyIdentification;
  /** The selling party: us. On answers, our vendor code at the marketplace. */
  sellingParty?: PartyIdentification;
  /** Where the goods go: its `partyId` (a fulfilment centre) maps to one of your ship-tos when configured with us. */
  shipToParty?: PartyIdentification;
  /** Who is billed; accepted, not kept. */
  billToParty?: PartyIdentification;
  /**
   * The ship window, `start--end` (ISO 8601 interval); kept and shown again.
   * @maxLength 80
   * @example "2026-12-01T00:00:00Z--2026-12-05T00:00:00Z"
   */
  shipWindow?: string;
  /**
   * The delivery window, `start--end`; its end is the requested delivery date. Kept and shown again.
   * @maxLength 80
   * @example "2026-12-03T00:00:00Z--2026-12-09T00:00:00Z"
   */
  deliveryWindow?: string;
  /**
   * The items, 1 to 500.
   * @minItems 1
   * @maxItems 500
   */
  items: OrderItem[];
}

/** A purchase order in Amazon's shape. */
export interface Order {
  /** The purchase order number: the order's key on every route of this API. */
  purchaseOrderNumber: PurchaseOrderNumber;
  /** Sending an order: New (the only state we take). On answers: where the order stands (see PurchaseOrderState). */
  purchaseOrderState: PurchaseOrderState;
  /** The order's details: dates, parties and items. */
  orderDetails: OrderDetails;
}

/** Purchase orders to place, 1 to 100 per request; each is accepted or refused on its own. */
export interface OrderSubmissionRequest {
  /**
   * The purchase orders.
   * @minItems 1
   * @maxItems 100
   */
  orders: Order[];
}

/** One failing field of a refused order. */
export interface SubmissionProblemField {
  /**
   * The field, as a dotted path into the request body.
   * @example "body.orders.0.orderDetails.items.1.orderedQuantity.unitSize"
   */
  name: string;
  /**
   * Why the field is refused.
   * @example "required with Cases: the number of eaches in a case"
   */
  message: string;
}

/** Why an order was refused: an RFC 9457 problem, as the order's own. Not in Amazon's shape. */
export interface SubmissionProblem {
  /**
   * The problem type's documentation in the developer portal.
   * @example "/portal/problems#ERR_CONFLICT"
   */
  type: string;
  /**
   * Short, stable title of the problem type.
   * @example "Conflict"
   */
  title: string;
  /**
   * The HTTP status this problem would have on its own: 400 (a bad order), 409 (a purchase order number you already
   * sent), 5xx (our systems failed: send the order again later).
   * @example 409
   */
  status: number;
  /**
   * What is wrong, for a person to read.
   * @example "Order 2JK3S9VC was already submitted by partner shopco"
   */
  detail: string;
  /**
   * The stable problem code.
   * @example "ERR_CONFLICT"
   */
  code: string;
  /** The failing fields of a bad order. */
  errors?: SubmissionProblemField[];
  /**
   * With 409: our id of the order you already sent with this purchase order number.
   * @example "ord_6f1c0b6a9d2e4f7a8b3c5d1e2f3a4b5c"
   */
  orderId?: string;
}

/**
 * Accepted: recorded, its processing has started (read its acknowledgement later). Refused: not recorded (see `problem`).
 * @example "Accepted"
 */
export type SubmissionResultStatus = 'Accepted' | 'Refused';

/** What became of one submitted purchase order. Not in Amazon's shape. */
export interface OrderSubmissionResult {
  /** The purchase order number, as sent. */
  purchaseOrderNumber: string;
  /** Accepted or Refused. */
  result: SubmissionResultStatus;
  /**
   * Our id of the accepted order (quote it when asking us about the order).
   * @example "ord_6f1c0b6a9d2e4f7a8b3c5d1e2f3a4b5c"
   */
  orderId?: string;
  /** Why a refused order was refused. */
  problem?: SubmissionProblem;
}

/** The outcome of a submission, one result per order in the order sent. */
export interface OrderSubmissionResponse {
  /** One result per submitted order, in the order sent. */
  results: OrderSubmissionResult[];
}

/** A page of purchase orders, newest first. */
export interface OrderList {
  /** The orders, newest first. */
  orders: Order[];
}

/**
 * How an item is acknowledged: Accepted (ships from stock), Backordered (accepted, ships when stock arrives),
 * Rejected (will not ship).
 * @example "Accepted"
 */
export type AcknowledgementCode = 'Accepted' | 'Backordered' | 'Rejected';

/**
 * Amazon's reasons for a rejection, given when one fits: TemporarilyUnavailable (out of stock and not backordered),
 * InvalidProductIdentifier (we do not know the item), ObsoleteProduct (we no longer sell it). Other rejections (a
 * wrong case size, a unit we do not sell the item in) have no Amazon reason: read `reasonDetail`.
 * @example "InvalidProductIdentifier"
 */
export type RejectionReason = 'TemporarilyUnavailable' | 'InvalidProductIdentifier' | 'ObsoleteProduct';

/** How much of an item is acknowledged with one code. */
export interface OrderItemAcknowledgement {
  /** Accepted, Backordered or Rejected. */
  acknowledgementCode: AcknowledgementCode;
  /** The quantity acknowledged with the code, in the ordered unit (the whole item: we do not split items). */
  acknowledgedQuantity: ItemQuantity;
  /**
   * The day the item is scheduled to ship (midnight UTC): today for stock, the next availability for a backorder.
   * @example "2026-11-28T00:00:00Z"
   */
  scheduledShipDate?: string;
  /** Amazon's reason of a rejection, when one fits. */
  rejectionReason?: RejectionReason;
  /**
   * Why the item is rejected or backordered, in our words. Not in Amazon's shape.
   * @example "Pack size 12 differs from the ERP's 10 per CS"
   */
  reasonDetail?: string;
}

/** One acknowledged item. */
export interface OrderAcknowledgementItem {
  /**
   * The item's number on the purchase order, as sent.
   * @example "1"
   */
  itemSequenceNumber: string;
  /**
   * The ASIN, as sent.
   * @example "B07DFVDRAB"
   */
  amazonProductIdentifier?: string;
  /**
   * Our product id (the SKU as sent, else our material number).
   * @example "TG-10001"
   */
  vendorProductIdentifier?: string;
  /** The quantity as ordered. */
  orderedQuantity: ItemQuantity;
  /** Our net cost per each, the one we invoice; absent for an item we did not price (a rejected one). */
  netCost?: Money;
  /** How the item is acknowledged (one entry: the whole quantity). */
  itemAcknowledgements: OrderItemAcknowledgement[];
}

/** Our acknowledgement of a purchase order, in Amazon's shape. */
export interface OrderAcknowledgement {
  /**
   * The purchase order number.
   * @example "2JK3S9VC"
   */
  purchaseOrderNumber: string;
  /** Us: our vendor code at the marketplace. */
  sellingParty: PartyIdentification;
  /**
   * When we acknowledged the order.
   * @example "2026-11-28T09:30:02.000Z"
   */
  acknowledgementDate: string;
  /** Every item of the order, in the order's item order. */
  items: OrderAcknowledgementItem[];
}

/**
 * OPEN: we still have something to do (acknowledge, ship or invoice). CLOSED: every item was invoiced, or the whole
 * order was rejected.
 * @example "OPEN"
 */
export type PurchaseOrderStatus = 'OPEN' | 'CLOSED';

/**
 * An item's confirmation: UNCONFIRMED until we acknowledge; then ACCEPTED (the whole quantity accepted, backordered
 * included), REJECTED (none of it), or PARTIALLY_ACCEPTED (part of it; we decide whole items today, so it does not
 * occur yet).
 * @example "ACCEPTED"
 */
export type ConfirmationStatus = 'ACCEPTED' | 'PARTIALLY_ACCEPTED' | 'REJECTED' | 'UNCONFIRMED';

/** One confirmation of an item. */
export interface AcknowledgementStatusDetails {
  /**
   * When we confirmed the item.
   * @example "2026-11-28T09:30:02.000Z"
   */
  acknowledgementDate?: string;
  /** The quantity accepted, in the ordered unit. */
  acceptedQuantity?: ItemQuantity;
  /** The quantity rejected, in the ordered unit. */
  rejectedQuantity?: ItemQuantity;
}

/** An item's acknowledgement status. */
export interface AcknowledgementStatus {
  /** UNCONFIRMED, ACCEPTED, PARTIALLY_ACCEPTED or REJECTED. */
  confirmationStatus: ConfirmationStatus;
  /** The quantity accepted to be shipped, in the ordered unit (backordered included); absent while UNCONFIRMED. */
  acceptedQuantity?: ItemQuantity;
  /** The quantity rejected, in the ordered unit; absent while UNCONFIRMED. */
  rejectedQuantity?: ItemQuantity;
  /** The confirmations (one, once acknowledged). */
  acknowledgementStatusDetails?: AcknowledgementStatusDetails[];
}

/** The ordered quantity of an item. */
export interface ItemOrderedQuantity {
  /** The quantity as ordered. */
  orderedQuantity: ItemQuantity;
}

/**
 * One item's status. There is no `receivingStatus`: it is what the buyer's warehouse received, which only the
 * marketplace knows; what we shipped is in the order's shipment confirmations.
 */
export interface OrderItemStatus {
  /**
   * The item's number on the purchase order, as sent.
   * @example "1"
   */
  itemSequenceNumber: string;
  /**
   * The ASIN, as sent (Amazon names the buyer's product id so here).
   * @example "B07DFVDRAB"
   */
  buyerProductIdentifier?: string;
  /**
   * Our product id (the SKU as sent, else our material number).
   * @example "TG-10001"
   */
  vendorProductIdentifier?: string;
  /** Our net cost per each, once priced. */
  netCost?: Money;
  /** The quantity ordered. */
  orderedQuantity: ItemOrderedQuantity;
  /** How we confirmed the item. */
  acknowledgementStatus: AcknowledgementStatus;
}

/** A purchase order's status, in Amazon's shape. */
export interface OrderStatus {
  /**
   * The purchase order number.
   * @example "2JK3S9VC"
   */
  purchaseOrderNumber: string;
  /** OPEN or CLOSED. */
  purchaseOrderStatus: PurchaseOrderStatus;
  /**
   * When the purchase order was placed, as sent.
   * @example "2026-11-28T08:00:00Z"
   */
  purchaseOrderDate: string;
  /**
   * When our record of the order last changed.
   * @example "2026-11-28T09:31:00.000Z"
   */
  lastUpdatedDate: string;
  /** Us: our vendor code at the marketplace. */
  sellingParty: PartyIdentification;
  /** Where the goods go, as sent. */
  shipToParty?: PartyIdentification;
  /** Every item, in the order's item order. */
  itemStatus: OrderItemStatus[];
}

/**
 * Original: the first confirmation of a shipment (we never replace one).
 * @example "Original"
 */
export type ShipmentConfirmationType = 'Original' | 'Replace';

/**
 * How a container is identified: SSCC (a GS1 serial shipping container code, 18 digits).
 * @example "SSCC"
 */
export type ContainerIdentificationType = 'SSCC' | 'AMZNCC' | 'GTIN' | 'BPS' | 'CID';

/** One identifier of a carton or pallet. */
export interface ContainerIdentification {
  /** SSCC. */
  containerIdentificationType: ContainerIdentificationType;
  /**
   * The identifier: the 18-digit SSCC, check digit included.
   * @example "006141410000000017"
   */
  containerIdentificationNumber: string;
}

/**
 * A weight unit: Kg.
 * @example "Kg"
 */
export type WeightUnitOfMeasure = 'Lb' | 'Kg';

/** A weight. */
export interface Weight {
  /** Kg. */
  unitOfMeasure: WeightUnitOfMeasure;
  /**
   * The weight, a decimal string.
   * @example "14.52"
   */
  value: string;
}

/** A purchase order an item belongs to. */
export interface ItemDetails {
  /**
   * The purchase order number.
   * @example "2JK3S9VC"
   */
  purchaseOrderNumber: string;
}

/** How much of one item a carton or pallet holds. */
export interface ContainerItem {
  /**
   * The item's `itemSequenceNumber` on the purchase order.
   * @example "1"
   */
  itemReference: string;
  /** The quantity in the container, in the ordered unit. */
  shippedQuantity: ItemQuantity;
  /** The purchase order the item belongs to. */
  itemDetails: ItemDetails;
}

/** A carton (or parcel) as shipped. */
export interface Carton {
  /** Its identifiers: its SSCC. */
  cartonIdentifiers: ContainerIdentification[];
  /**
   * The carton's number within the shipment, from 1.
   * @example "1"
   */
  cartonSequenceNumber: string;
  /** Its gross weight, when the warehouse weighed it. */
  weight?: Weight;
  /**
   * The carrier's tracking number of a parcel.
   * @example "1Z999AA10123456784"
   */
  trackingNumber?: string;
  /** What the carton holds, per item. */
  items: ContainerItem[];
}

/** The cartons on a pallet. */
export interface CartonReferenceDetails {
  /**
   * How many cartons travel on the pallet.
   * @isInt
   * @example 4
   */
  cartonCount?: number;
  /** Their `cartonSequenceNumber`s. */
  cartonReferenceNumbers: string[];
}

/** A pallet as shipped. */
export interface Pallet {
  /** Its identifiers: its SSCC. */
  palletIdentifiers: ContainerIdentification[];
  /** Its gross weight, when the warehouse weighed it. */
  weight?: Weight;
  /** The cartons on it. */
  cartonReferenceDetails?: CartonReferenceDetails;
  /** Goods on the pallet outside any carton, per item. */
  items?: ContainerItem[];
}

/** A shipped item, totalled over the shipment. */
export interface ShippedItem {
  /**
   * The item's number on the purchase order, as sent.
   * @example "1"
   */
  itemSequenceNumber: string;
  /**
   * The ASIN, as sent.
   * @example "B07DFVDRAB"
   */
  amazonProductIdentifier?: string;
  /**
   * Our product id (the SKU as sent, else our material number).
   * @example "TG-10001"
   */
  vendorProductIdentifier?: string;
  /** The quantity shipped, in the ordered unit. */
  shippedQuantity: ItemQuantity;
  /** The purchase order the item belongs to. */
  itemDetails: ItemDetails;
}

/** Who carries a shipment. */
export interface TransportationDetails {
  /**
   * The carrier's Standard Carrier Alpha Code.
   * @example "UPSN"
   */
  carrierScac?: string;
  /**
   * The carrier's reference of the shipment (its PRO number, else the first tracking number).
   * @example "1Z999AA10123456784"
   */
  carrierShipmentReferenceNumber?: string;
  /**
   * The bill of lading number.
   * @example "BOL0012345"
   */
  billOfLadingNumber?: string;
}

/** A shipment's totals. */
export interface ShipmentMeasurements {
  /** The gross weight of everything shipped, when the warehouse weighed it. */
  grossShipmentWeight?: Weight;
  /**
   * How many cartons (and parcels).
   * @isInt
   * @example 3
   */
  cartonCount: number;
  /**
   * How many pallets.
   * @isInt
   * @example 0
   */
  palletCount: number;
}

/** A shipment confirmation (advance shipping notice), in the shape of Amazon's vendor shipment confirmations. */
export interface ShipmentConfirmation {
  /**
   * The warehouse's shipment id.
   * @example "SHP-1010-000042"
   */
  shipmentIdentifier: string;
  /** Original. */
  shipmentConfirmationType: ShipmentConfirmationType;
  /**
   * When the warehouse confirmed the shipment.
   * @example "2026-11-28T09:31:00.000Z"
   */
  shipmentConfirmationDate: string;
  /**
   * When the goods left.
   * @example "2026-11-28T09:31:00.000Z"
   */
  shippedDate: string;
  /** Us: our vendor code at the marketplace. */
  sellingParty: PartyIdentification;
  /** The warehouse the goods left from (its id). */
  shipFromParty: PartyIdentification;
  /** Where the goods go, as the order said. */
  shipToParty: PartyIdentification;
  /** Who carries it. */
  transportationDetails?: TransportationDetails;
  /** Counts and weight. */
  shipmentMeasurements: ShipmentMeasurements;
  /** Every item shipped, totalled. */
  shippedItems: ShippedItem[];
  /** Every carton, with its SSCC and what it holds. */
  cartons?: Carton[];
  /** Every pallet, with its SSCC and its cartons. */
  pallets?: Pallet[];
}

/** An order's shipment confirmations, oldest first. */
export interface ShipmentConfirmationList {
  /** The confirmations; empty until the first shipment leaves. */
  shipmentConfirmations: ShipmentConfirmation[];
}
