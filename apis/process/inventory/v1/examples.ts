/**
 * Examples shown in the inventory process API's spec, taken from the sandbox's answers so that "try it" answers look
 * like them. tsoa reads these at generation time: keep them plain object literals (no spreads, no `as const`).
 */
import type { InventoryFeedAge, ItemAvailability } from './models';

export const itemAvailabilityExample: ItemAvailability = {
  material: 'TG-10007',
  ids: [
    { scheme: 'ERP_MATERIAL', value: 'TG-10007' },
    { scheme: 'GTIN', value: '0614141000074' },
    { scheme: 'SKU', value: 'TG-10007' },
    { scheme: 'WMS_INVENTORY_ID', value: '7000007' },
  ],
  description: 'Vinyl Food-Service Gloves, 100ct, Large',
  uom: 'EA',
  totalPromisable: '37',
  warehouses: [
    {
      warehouse: '1010',
      plant: '1010',
      onHand: '20',
      available: '18',
      committed: '2',
      incoming: '500',
      erpAvailable: '18',
      promisable: '18',
      nextAvailableDate: '2026-12-10',
      asOf: '2026-11-28T09:30:00.000Z',
      stale: false,
    },
    {
      warehouse: '1020',
      plant: '1020',
      onHand: '17',
      available: '17',
      committed: '0',
      incoming: '500',
      erpAvailable: '17',
      promisable: '17',
      nextAvailableDate: '2026-12-02',
      asOf: '2026-11-28T09:30:00.000Z',
      stale: false,
    },
    {
      warehouse: '1030',
      plant: '1030',
      onHand: '2',
      available: '2',
      committed: '0',
      incoming: '500',
      erpAvailable: '2',
      promisable: '2',
      nextAvailableDate: '2026-12-01',
      asOf: '2026-11-28T09:30:00.000Z',
      stale: false,
    },
  ],
  asOf: '2026-11-28T09:30:00.000Z',
};

export const feedAgesExample: InventoryFeedAge[] = [
  { warehouse: '1010', asOf: '2026-11-28T09:30:00.000Z', ageSeconds: 12, stale: false },
  { warehouse: '1020', asOf: '2026-11-28T09:30:00.000Z', ageSeconds: 12, stale: false },
  { warehouse: '1030', asOf: '2026-11-28T09:30:00.000Z', ageSeconds: 12, stale: false },
];
