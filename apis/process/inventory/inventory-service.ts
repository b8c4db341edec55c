/**
 * Availability for the process tier: per item and warehouse, the WMS's stock (what is physically there) merged with
 * the ERP's available-to-promise (what open sales orders have not yet claimed), both read through the system APIs,
 * with how fresh each source is. Every quantity is in the item's base unit (EA for every sandbox item).
 *
 * The promisable quantity of a warehouse is the smaller of the two views: the WMS cannot ship what it does not hold,
 * and the ERP, where orders are placed, will not confirm what open orders already claim. A warehouse whose plant
 * the ERP reports no availability for promises nothing.
 */
import { add, compare, isSupportedDecimal, multiply } from '../../canonical/decimal';
import type { Ident } from '../../canonical/model';
import { GatewayError } from '../../../gateway/errors';
import type { ErpSystemClient } from '../../system/erp/v1/client';
import type { Availability, Item } from '../../system/erp/v1/models';
import type { WmsSystemClient } from '../../system/wms/v1/client';
import type { InventoryPosition } from '../../system/wms/v1/models';
import type { InventoryFeedAge, ItemAvailability, WarehouseAvailability } from './v1/models';

export interface InventoryServiceOptions {
  erp: ErpSystemClient;
  wms: WmsSystemClient;
  /** A warehouse whose oldest source is older than this many seconds is flagged `stale`. */
  staleAfterSeconds: number;
  /** WMS warehouse id → ERP plant. A warehouse not listed is the plant of the same id (the sandbox's case). */
  warehousePlants?: Readonly<Record<string, string>>;
  /** Items `availabilityOf` reads at once (each is three calls to the system tier). Default 4. */
  concurrency?: number;
  /** The clock ages are measured with. */
  clock?: () => Date;
}

/** The WMS system API's largest inventory page. */
const INVENTORY_PAGE_SIZE = 100;
const DEFAULT_CONCURRENCY = 4;
/** The decimal helpers compute with at most this many places. */
const MAX_PLACES = 6;

/** Maps every value with at most `limit` calls in flight; answers in input order. */
async function mapBounded<T, R>(values: readonly T[], limit: number, map: (value: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(values.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < values.length) {
      const index = next;
      next += 1;
      results[index] = await map(values[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, values.length) }, worker));
  return results;
}

function placesOf(value: string): number {
  const dot = value.indexOf('.');
  return dot < 0 ? 0 : value.length - dot - 1;
}

function smaller(a: string, b: string): string {
  return compare(a, b) <= 0 ? a : b;
}

function byWarehouseId(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** The earliest of ISO date-times (they compare as instants, whatever their offset). */
function oldest(times: readonly string[]): string | undefined {
  let found: { text: string; at: number } | undefined;
  for (const text of times) {
    const at = Date.parse(text);
    if (Number.isNaN(at)) throw new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `A system API answered an unreadable asOf '${text}'`);
    if (!found || at < found.at) found = { text: new Date(at).toISOString(), at };
  }
  return found?.text;
}

export class InventoryService {
  private readonly erp: ErpSystemClient;
  private readonly wms: WmsSystemClient;
  private readonly staleAfterSeconds: number;
  private readonly warehousePlants: Readonly<Record<string, string>>;
  private readonly concurrency: number;
  private readonly clock: () => Date;

  constructor(options: InventoryServiceOptions) {
    if (!Number.isFinite(options.staleAfterSeconds) || options.staleAfterSeconds < 0) {
      throw new TypeError(`InventoryService: staleAfterSeconds must be a number of seconds >= 0, not ${options.staleAfterSeconds}`);
    }
    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new TypeError(`InventoryService: concurrency must be a whole number >= 1, not ${concurrency}`);
    this.erp = options.erp;
    this.wms = options.wms;
    this.staleAfterSeconds = options.staleAfterSeconds;
    this.warehousePlants = Object.freeze({ ...(options.warehousePlants ?? {}) });
    this.concurrency = concurrency;
    this.clock = options.clock ?? (() => new Date());
  }

  /** The ERP plant a WMS warehouse is. */
  plantOf(warehouse: string): string {
    return Object.hasOwn(this.warehousePlants, warehouse) ? (this.warehousePlants[warehouse] as string) : warehouse;
  }

  /** One item's availability in every warehouse the WMS holds a record of it in; undefined when the ERP does not know the item. */
  async availability(material: string): Promise<ItemAvailability | undefined> {
    // The three reads go out together; the item decides whether the other two answers matter.
    const item = this.erp.getItem(material);
    const positions = this.wms.getInventory(material);
    const atp = this.erp.getAvailability(material);
    // Once the item is unknown nobody awaits these: their failures must not surface as unhandled rejections.
    positions.catch(() => undefined);
    atp.catch(() => undefined);
    const found = await item;
    if (!found) return undefined;
    return this.merge(found, await positions, (await atp) ?? []);
  }

  /**
   * The availability of several items, in the order asked (duplicates once), at most `concurrency` items at a
   * time. Items the ERP does not know are left out.
   */
  async availabilityOf(materials: readonly string[]): Promise<ItemAvailability[]> {
    const unique = [...new Set(materials)];
    const answers = await mapBounded(unique, this.concurrency, (material) => this.availability(material));
    return answers.filter((answer): answer is ItemAvailability => answer !== undefined);
  }

  /**
   * Per warehouse, the latest inventory `asOf` the WMS reports over all its positions, its age in seconds and
   * whether it is stale; by warehouse id. Reads the whole inventory listing, page by page.
   */
  async feedAges(): Promise<InventoryFeedAge[]> {
    const first = await this.wms.listInventory({ offset: 0, limit: INVENTORY_PAGE_SIZE });
    const offsets: number[] = [];
    for (let offset = first.items.length; offset < first.total && first.items.length > 0; offset += INVENTORY_PAGE_SIZE) offsets.push(offset);
    const pages = await mapBounded(offsets, this.concurrency, (offset) => this.wms.listInventory({ offset, limit: INVENTORY_PAGE_SIZE }));
    const latest = new Map<string, number>();
    for (const position of [first, ...pages].flatMap((page) => page.items)) {
      const at = Date.parse(position.asOf);
      if (Number.isNaN(at)) throw new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `The WMS system API answered an unreadable asOf '${position.asOf}'`);
      if (at > (latest.get(position.warehouse) ?? Number.NEGATIVE_INFINITY)) latest.set(position.warehouse, at);
    }
    const now = this.clock().getTime();
    return [...latest.entries()]
      .sort(([a], [b]) => byWarehouseId(a, b))
      .map(([warehouse, at]) => {
        const ageSeconds = Math.max(0, Math.floor((now - at) / 1000));
        return { warehouse, asOf: new Date(at).toISOString(), ageSeconds, stale: ageSeconds > this.staleAfterSeconds };
      });
  }

  private merge(item: Item, positions: readonly InventoryPosition[], atp: readonly Availability[]): ItemAvailability {
    const uom = item.baseUnit;
    const inBaseUnit = (value: string, unit: string, what: string): string => this.inBaseUnit(item, value, unit, what);
    const byPlant = new Map(atp.map((answer) => [answer.plant, answer]));
    const now = this.clock();

    const warehouses = [...positions]
      .sort((a, b) => byWarehouseId(a.warehouse, b.warehouse))
      .map((position): WarehouseAvailability => {
        const where = `warehouse ${position.warehouse}`;
        const plant = this.plantOf(position.warehouse);
        const erp = byPlant.get(plant);
        const available = inBaseUnit(position.available, position.uom, `available in ${where}`);
        const erpAvailable = erp ? inBaseUnit(erp.available, erp.uom, `ATP in plant ${plant}`) : undefined;
        const nextAvailableDate = erp && erpAvailable !== undefined ? this.nextAvailableDate(item, erp, erpAvailable) : undefined;
        const asOf = oldest([position.asOf, ...(erp ? [erp.asOf] : [])]) as string;
        return {
          warehouse: position.warehouse,
          plant,
          onHand: inBaseUnit(position.onHand, position.uom, `on hand in ${where}`),
          available,
          committed: inBaseUnit(position.committed, position.uom, `committed in ${where}`),
          incoming: inBaseUnit(position.incoming, position.uom, `incoming in ${where}`),
          ...(erpAvailable === undefined ? {} : { erpAvailable }),
          promisable: erpAvailable === undefined ? '0' : smaller(available, erpAvailable),
          ...(nextAvailableDate === undefined ? {} : { nextAvailableDate }),
          asOf,
          stale: this.isStale(asOf, now),
        };
      });

    const promisable = warehouses.map((warehouse) => warehouse.promisable);
    return {
      material: item.material,
      ids: itemIds(item, positions),
      ...(item.description ? { description: item.description } : {}),
      uom,
      totalPromisable: add(promisable, Math.max(0, ...promisable.map(placesOf))),
      warehouses,
      asOf: oldest([...positions.map((position) => position.asOf), ...atp.map((answer) => answer.asOf)]) ?? now.toISOString(),
    };
  }

  /** The day of the ERP's first later period with more than is available now. */
  private nextAvailableDate(item: Item, erp: Availability, availableNow: string): string | undefined {
    const later = [...erp.future].sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
    const next = later.find((period) => compare(this.inBaseUnit(item, period.quantity, erp.uom, `future ATP in plant ${erp.plant}`), availableNow) > 0);
    return next ? (oldest([next.from]) as string).slice(0, 10) : undefined;
  }

  private isStale(asOf: string, now: Date): boolean {
    return (now.getTime() - Date.parse(asOf)) / 1000 > this.staleAfterSeconds;
  }

  /** A source's quantity in the item's base unit; a quantity that is no decimal, or in a unit the item lacks, is the source's failure. */
  private inBaseUnit(item: Item, value: string, unit: string, what: string): string {
    if (!isSupportedDecimal(value)) throw new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `A system API answered ${what} of ${item.material} as '${value}', not a decimal`);
    if (unit === item.baseUnit) return value;
    const packSize = item.units.find((candidate) => candidate.uom === unit)?.packSize;
    if (packSize === undefined) {
      throw new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `A system API answered ${what} of ${item.material} in ${unit}, a unit the ERP does not know for it`);
    }
    return multiply(value, packSize, Math.min(MAX_PLACES, placesOf(value) + placesOf(packSize)));
  }
}

/** ERP_MATERIAL and the ERP's GTIN first, then what the WMS knows (SKU, GTIN, WMS_INVENTORY_ID), each once. */
function itemIds(item: Item, positions: readonly InventoryPosition[]): Ident[] {
  const ids: Ident[] = [{ scheme: 'ERP_MATERIAL', value: item.material }];
  if (item.gtin) ids.push({ scheme: 'GTIN', value: item.gtin });
  for (const position of positions) ids.push(...position.ids);
  const seen = new Set<string>();
  return ids.filter((id) => {
    const key = `${id.scheme}\u0000${id.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
