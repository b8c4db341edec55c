/**
 * How the sandbox warehouse packs a shipment: every full case ordered is its own carton, loose eaches share mixed
 * cartons by weight and count, and a large shipment goes on pallets. The rules are in DIALECT.md; the numbers are
 * the constants below. Pure: identifiers come from the counters it is given.
 */
import type { SeedItem } from '../seed/distributor';
import { sscc, SSCC_EXTENSION } from './identifiers';

export const PACKING_RULES = Object.freeze({
  /** Heaviest mixed carton of loose eaches, in kilograms. */
  maxMixedCartonKg: 18,
  /** Most units in one mixed carton. */
  maxMixedCartonUnits: 100,
  /** A shipment of more cartons than this goes on pallets. */
  palletizeAboveCartons: 8,
  /** ... and so does one heavier than this, in kilograms. */
  palletizeAboveKg: 150,
  maxCartonsPerPallet: 40,
  maxPalletKg: 700,
  /** Weight of an empty pallet, in kilograms. */
  palletTareKg: 20,
});

/** What one shipment line asks the packer for: an item and a number of eaches. */
export interface PickLine {
  item: SeedItem;
  eaches: number;
}

export interface PackedContent {
  item: SeedItem;
  eaches: number;
}

export interface PackedCarton {
  id: number;
  sscc: string;
  /** "Case" (a full case as received) or "Box" (a mixed carton of loose eaches). */
  type: 'Case' | 'Box';
  weightKg: number;
  dimensionsIn: { length: number; width: number; depth: number };
  contents: PackedContent[];
}

export interface PackedParent {
  /** The pallet's SSCC; null for cartons that travel loose. */
  sscc: string | null;
  type: 'Pallet' | 'None';
  weightKg: number;
  dimensionsIn: { length: number; width: number; depth: number };
  cartons: PackedCarton[];
}

export interface PackingResult {
  parents: PackedParent[];
  palletized: boolean;
  totalWeightKg: number;
}

/** Where the packer gets its numbers from: carton ids and SSCC serials. */
export interface PackingCounters {
  nextCartonId(): number;
  nextSsccSerial(): number;
}

const CASE_DIMENSIONS = { length: 18, width: 12, depth: 12 };
const BOX_DIMENSIONS = { length: 16, width: 12, depth: 10 };
const PALLET_FOOTPRINT = { length: 48, width: 40 };

function itemKg(item: SeedItem): number {
  return Number(item.weightKg);
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Packs the lines, in order, into cartons and (when large) pallets. */
export function packShipment(lines: readonly PickLine[], counters: PackingCounters): PackingResult {
  const cartons: PackedCarton[] = [];
  const newCarton = (type: PackedCarton['type']): PackedCarton => ({
    id: counters.nextCartonId(),
    sscc: sscc(SSCC_EXTENSION.carton, counters.nextSsccSerial()),
    type,
    weightKg: 0,
    dimensionsIn: type === 'Case' ? { ...CASE_DIMENSIONS } : { ...BOX_DIMENSIONS },
    contents: [],
  });

  // Full cases first, line by line: each one is a carton of its own.
  const loose: PackedContent[] = [];
  for (const line of lines) {
    const caseSize = Math.max(1, line.item.caseSize);
    const fullCases = Math.floor(line.eaches / caseSize);
    for (let i = 0; i < fullCases; i += 1) {
      const carton = newCarton('Case');
      carton.contents.push({ item: line.item, eaches: caseSize });
      carton.weightKg = round3(caseSize * itemKg(line.item));
      cartons.push(carton);
    }
    const rest = line.eaches - fullCases * caseSize;
    if (rest > 0) loose.push({ item: line.item, eaches: rest });
  }

  // Loose eaches fill mixed cartons up to the weight and unit limits, in line order.
  let open: PackedCarton | undefined;
  let openUnits = 0;
  for (const part of loose) {
    const unitKg = itemKg(part.item);
    let remaining = part.eaches;
    while (remaining > 0) {
      if (!open || openUnits >= PACKING_RULES.maxMixedCartonUnits || (openUnits > 0 && open.weightKg + unitKg > PACKING_RULES.maxMixedCartonKg)) {
        open = newCarton('Box');
        openUnits = 0;
        cartons.push(open);
      }
      const byWeight = unitKg > 0 ? Math.floor((PACKING_RULES.maxMixedCartonKg - open.weightKg) / unitKg) : remaining;
      const fits = Math.max(1, Math.min(remaining, PACKING_RULES.maxMixedCartonUnits - openUnits, byWeight));
      const existing = open.contents.find((content) => content.item === part.item);
      if (existing) existing.eaches += fits;
      else open.contents.push({ item: part.item, eaches: fits });
      open.weightKg = round3(open.weightKg + fits * unitKg);
      openUnits += fits;
      remaining -= fits;
    }
  }

  const totalCartonKg = cartons.reduce((sum, carton) => sum + carton.weightKg, 0);
  const palletized = cartons.length > PACKING_RULES.palletizeAboveCartons || totalCartonKg > PACKING_RULES.palletizeAboveKg;
  if (!palletized) {
    return {
      palletized,
      totalWeightKg: round3(totalCartonKg),
      parents: [{ sscc: null, type: 'None', weightKg: round3(totalCartonKg), dimensionsIn: looseDimensions(cartons), cartons }],
    };
  }

  const parents: PackedParent[] = [];
  let pallet: PackedParent | undefined;
  for (const carton of cartons) {
    if (
      !pallet ||
      pallet.cartons.length >= PACKING_RULES.maxCartonsPerPallet ||
      (pallet.cartons.length > 0 && pallet.weightKg + carton.weightKg > PACKING_RULES.maxPalletKg)
    ) {
      pallet = {
        sscc: sscc(SSCC_EXTENSION.pallet, counters.nextSsccSerial()),
        type: 'Pallet',
        weightKg: PACKING_RULES.palletTareKg,
        dimensionsIn: { ...PALLET_FOOTPRINT, depth: 6 },
        cartons: [],
      };
      parents.push(pallet);
    }
    pallet.cartons.push(carton);
    pallet.weightKg = round3(pallet.weightKg + carton.weightKg);
    // Cartons stack in layers of eight on a 48 x 40 pallet.
    pallet.dimensionsIn.depth = 6 + Math.ceil(pallet.cartons.length / 8) * 12;
  }
  return { palletized, totalWeightKg: round3(parents.reduce((sum, parent) => sum + parent.weightKg, 0)), parents };
}

function looseDimensions(cartons: readonly PackedCarton[]): { length: number; width: number; depth: number } {
  return {
    length: Math.max(0, ...cartons.map((carton) => carton.dimensionsIn.length)),
    width: Math.max(0, ...cartons.map((carton) => carton.dimensionsIn.width)),
    depth: cartons.reduce((sum, carton) => sum + carton.dimensionsIn.depth, 0),
  };
}
