/**
 * A canonical shipment → Amazon's vendor shipment confirmation: cartons (and parcels) and pallets by their SSCC-18,
 * what each holds per item sequence number, and the shipped items totalled, every quantity in the ordered unit.
 */
import type { ShippedHandlingUnit } from '../../canonical/model';
import type { OrderLine, ProcessOrder, Shipment } from '../../process/orders/v2/models';
import { add, trimDecimal } from '../../canonical/decimal';
import { marketplaceParty } from './vendor-order-views';
import { idOf, inOrderedUnits, productIdsOf, toItemQuantity } from './vendor-units';
import type { Carton, ContainerItem, Pallet, ShipmentConfirmation, Weight } from './v1/models';

function weightOf(kilograms: string | undefined): Weight | undefined {
  return kilograms === undefined ? undefined : { unitOfMeasure: 'Kg', value: trimDecimal(kilograms) };
}

/** What a unit holds of this order, per item, in the ordered unit. */
function containerItems(unit: ShippedHandlingUnit, order: ProcessOrder, lines: ReadonlyMap<string, OrderLine>): ContainerItem[] {
  return unit.contents
    .filter((content) => content.orderNumber === order.orderNumber && lines.has(content.lineNumber))
    .map((content) => {
      const line = lines.get(content.lineNumber)!;
      return {
        itemReference: content.lineNumber,
        shippedQuantity: toItemQuantity(line.quantity, inOrderedUnits(content.quantity, line.quantity)),
        itemDetails: { purchaseOrderNumber: order.orderNumber },
      };
    });
}

function ssccIds(unit: ShippedHandlingUnit) {
  return unit.sscc ? [{ containerIdentificationType: 'SSCC' as const, containerIdentificationNumber: unit.sscc }] : [];
}

function ourShipTo(order: ProcessOrder): string {
  const party = (role: string) => order.parties.find((candidate) => candidate.role === role);
  return idOf(party('SHIP_TO')?.ids ?? [], 'ERP_SHIP_TO') ?? idOf(party('BUYER')?.ids ?? [], 'ERP_CUSTOMER') ?? order.orderNumber;
}

export function toShipmentConfirmation(shipment: Shipment, order: ProcessOrder, sellingParty: string): ShipmentConfirmation {
  const lines = new Map(order.lines.map((line) => [line.lineNumber, line]));
  const cartonUnits = shipment.handlingUnits.filter((unit) => unit.type !== 'PALLET');
  const palletUnits = shipment.handlingUnits.filter((unit) => unit.type === 'PALLET');
  const cartons: Carton[] = cartonUnits.map((unit, index) => {
    const weight = weightOf(unit.weightKg);
    return {
      cartonIdentifiers: ssccIds(unit),
      cartonSequenceNumber: String(index + 1),
      ...(weight ? { weight } : {}),
      ...(unit.trackingNumber ? { trackingNumber: unit.trackingNumber } : {}),
      items: containerItems(unit, order, lines),
    };
  });
  const pallets: Pallet[] = palletUnits.map((unit) => {
    const weight = weightOf(unit.weightKg);
    const onIt = cartons.filter((_, index) => unit.sscc !== undefined && cartonUnits[index]!.parentSscc === unit.sscc).map((carton) => carton.cartonSequenceNumber);
    const loose = containerItems(unit, order, lines);
    return {
      palletIdentifiers: ssccIds(unit),
      ...(weight ? { weight } : {}),
      ...(onIt.length > 0 ? { cartonReferenceDetails: { cartonCount: onIt.length, cartonReferenceNumbers: onIt } } : {}),
      ...(loose.length > 0 ? { items: loose } : {}),
    };
  });
  // Each item's total over every unit; units nest (cartons on pallets) but only one level holds the goods.
  const totals = new Map<string, string[]>();
  for (const unit of shipment.handlingUnits) {
    for (const item of containerItems(unit, order, lines)) totals.set(item.itemReference, [...(totals.get(item.itemReference) ?? []), String(item.shippedQuantity.amount)]);
  }
  // The gross weight only when every outer unit (a pallet, or a carton on no pallet) was weighed: no partial totals.
  const outer = shipment.handlingUnits.filter((unit) => !unit.parentSscc);
  const grossShipmentWeight = outer.length > 0 && outer.every((unit) => unit.weightKg !== undefined) ? weightOf(add(outer.map((unit) => unit.weightKg!), 3)) : undefined;
  const shipToParty = marketplaceParty(order, 'SHIP_TO');
  const reference = shipment.carrier.proNumber ?? shipment.carrier.trackingNumbers[0];
  return {
    shipmentIdentifier: shipment.shipmentNumber,
    shipmentConfirmationType: 'Original',
    shipmentConfirmationDate: shipment.shippedAt,
    shippedDate: shipment.shippedAt,
    sellingParty: { partyId: sellingParty },
    shipFromParty: { partyId: shipment.shipFrom },
    // An order sent without a ship-to party goes to the account's ship-to: named by our number, the only one there is.
    shipToParty: shipToParty ?? { partyId: ourShipTo(order) },
    ...(shipment.carrier.scac || reference || shipment.carrier.bolNumber
      ? {
          transportationDetails: {
            ...(shipment.carrier.scac ? { carrierScac: shipment.carrier.scac } : {}),
            ...(reference ? { carrierShipmentReferenceNumber: reference } : {}),
            ...(shipment.carrier.bolNumber ? { billOfLadingNumber: shipment.carrier.bolNumber } : {}),
          },
        }
      : {}),
    shipmentMeasurements: { ...(grossShipmentWeight ? { grossShipmentWeight } : {}), cartonCount: cartons.length, palletCount: pallets.length },
    shippedItems: [...totals].map(([lineNumber, amounts]) => {
      const line = lines.get(lineNumber)!;
      return {
        itemSequenceNumber: lineNumber,
        ...productIdsOf(line.item.ids),
        shippedQuantity: toItemQuantity(line.quantity, add(amounts, 6)),
        itemDetails: { purchaseOrderNumber: order.orderNumber },
      };
    }),
    ...(cartons.length > 0 ? { cartons } : {}),
    ...(pallets.length > 0 ? { pallets } : {}),
  };
}
