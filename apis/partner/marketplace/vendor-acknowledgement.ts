/**
 * Our canonical acknowledgement → Amazon's OrderAcknowledgement, and the order's record → Amazon's OrderStatus.
 * Line statuses map one to one (ACCEPTED → Accepted, BACKORDERED → Backordered, REJECTED → Rejected); a rejection
 * carries Amazon's reason when one fits, and always our own words in `reasonDetail`.
 */
import type { AckLine, LineStatus, OrderAcknowledgement as CanonicalAcknowledgement, ProcessOrder } from '../../process/orders/v2/models';
import { marketplaceParty, purchaseOrderDateOf, purchaseOrderStatusOf } from './vendor-order-views';
import { netCostOf, productIdsOf, toItemQuantity } from './vendor-units';
import type { AcknowledgementCode, AcknowledgementStatus, ConfirmationStatus, OrderAcknowledgement, OrderStatus, RejectionReason } from './v1/models';

export const ACKNOWLEDGEMENT_CODE: Readonly<Record<LineStatus, AcknowledgementCode>> = {
  ACCEPTED: 'Accepted',
  BACKORDERED: 'Backordered',
  REJECTED: 'Rejected',
};

/**
 * Amazon's rejection reason for the process tier's reason text, when one fits. The canonical acknowledgement says why
 * in words only, so this reads the workflow's wording (apis/process/orders/workflow/order-entry-steps.ts):
 * an item "not known to the ERP" is InvalidProductIdentifier; stock that is short and not backordered ("backorders
 * are not accepted", "No warehouse stocks these items") is TemporarilyUnavailable; a blocked or discontinued item is
 * ObsoleteProduct. Anything else (a wrong case size, a unit we do not sell, an unknown customer) has no Amazon reason.
 */
export function rejectionReasonOf(reason: string | undefined): RejectionReason | undefined {
  if (!reason) return undefined;
  if (/not known to the ERP/i.test(reason) && /^Item /.test(reason)) return 'InvalidProductIdentifier';
  if (/backorders are not accepted|No warehouse stocks/i.test(reason)) return 'TemporarilyUnavailable';
  if (/discontinued|obsolete|blocked/i.test(reason)) return 'ObsoleteProduct';
  return undefined;
}

/** A date as Amazon's date-times: midnight UTC of the day. */
function atMidnight(date: string): string {
  return `${date}T00:00:00Z`;
}

/** When the acknowledgement was made: the acknowledge step's time, else its day. */
export function acknowledgedAt(order: ProcessOrder, acknowledgement: CanonicalAcknowledgement): string {
  return order.steps.find((step) => step.step === 'acknowledge' && step.state === 'DONE')?.updatedAt ?? atMidnight(acknowledgement.ackDate);
}

/** Our acknowledgement in Amazon's shape; undefined until the process tier has acknowledged the order. */
export function toVendorAcknowledgement(order: ProcessOrder, sellingParty: string): OrderAcknowledgement | undefined {
  const acknowledgement = order.acknowledgement;
  if (!acknowledgement) return undefined;
  return {
    purchaseOrderNumber: order.orderNumber,
    sellingParty: { partyId: sellingParty },
    acknowledgementDate: acknowledgedAt(order, acknowledgement),
    items: acknowledgement.lines.map((ackLine: AckLine) => {
      const line = order.lines.find((candidate) => candidate.lineNumber === ackLine.lineNumber);
      const rejectionReason = ackLine.status === 'REJECTED' ? rejectionReasonOf(ackLine.reason) : undefined;
      return {
        itemSequenceNumber: ackLine.lineNumber,
        ...productIdsOf(line?.item.ids ?? []),
        orderedQuantity: toItemQuantity(ackLine.quantity),
        ...(ackLine.unitPrice ? { netCost: netCostOf(ackLine.unitPrice, ackLine.quantity) } : {}),
        itemAcknowledgements: [
          {
            acknowledgementCode: ACKNOWLEDGEMENT_CODE[ackLine.status],
            acknowledgedQuantity: toItemQuantity(ackLine.quantity),
            ...(ackLine.scheduledShipDate ? { scheduledShipDate: atMidnight(ackLine.scheduledShipDate) } : {}),
            ...(rejectionReason ? { rejectionReason } : {}),
            ...(ackLine.reason ? { reasonDetail: ackLine.reason } : {}),
          },
        ],
      };
    }),
  };
}

/**
 * An item's confirmation: UNCONFIRMED before the acknowledgement; then by quantities: all accepted (backordered
 * included) ACCEPTED, none REJECTED, some PARTIALLY_ACCEPTED (the process tier decides whole lines, so not yet).
 */
function confirmationOf(accepted: number, rejected: number): ConfirmationStatus {
  if (rejected === 0) return 'ACCEPTED';
  return accepted === 0 ? 'REJECTED' : 'PARTIALLY_ACCEPTED';
}

/** The order's status in Amazon's shape. */
export function toVendorOrderStatus(order: ProcessOrder, sellingParty: string): OrderStatus {
  const acknowledgement = order.acknowledgement;
  const shipToParty = marketplaceParty(order, 'SHIP_TO');
  return {
    purchaseOrderNumber: order.orderNumber,
    purchaseOrderStatus: purchaseOrderStatusOf(order.status),
    purchaseOrderDate: purchaseOrderDateOf(order),
    lastUpdatedDate: order.updatedAt,
    sellingParty: { partyId: sellingParty },
    ...(shipToParty ? { shipToParty } : {}),
    itemStatus: order.lines.map((line) => {
      const ackLine = acknowledgement?.lines.find((candidate) => candidate.lineNumber === line.lineNumber);
      let acknowledgementStatus: AcknowledgementStatus = { confirmationStatus: 'UNCONFIRMED' };
      if (acknowledgement && ackLine) {
        const ordered = toItemQuantity(ackLine.quantity);
        const accepted = ackLine.status === 'REJECTED' ? 0 : ordered.amount;
        const acceptedQuantity = { ...ordered, amount: accepted };
        const rejectedQuantity = { ...ordered, amount: ordered.amount - accepted };
        acknowledgementStatus = {
          confirmationStatus: confirmationOf(accepted, rejectedQuantity.amount),
          acceptedQuantity,
          rejectedQuantity,
          acknowledgementStatusDetails: [{ acknowledgementDate: acknowledgedAt(order, acknowledgement), acceptedQuantity, rejectedQuantity }],
        };
      }
      const { amazonProductIdentifier, vendorProductIdentifier } = productIdsOf(line.item.ids);
      const price = ackLine?.unitPrice ?? line.unitPrice;
      return {
        itemSequenceNumber: line.lineNumber,
        ...(amazonProductIdentifier ? { buyerProductIdentifier: amazonProductIdentifier } : {}),
        ...(vendorProductIdentifier ? { vendorProductIdentifier } : {}),
        ...(price && line.status !== 'REJECTED' ? { netCost: netCostOf(price, line.quantity) } : {}),
        orderedQuantity: { orderedQuantity: toItemQuantity(line.quantity) },
        acknowledgementStatus,
      };
    }),
  };
}
