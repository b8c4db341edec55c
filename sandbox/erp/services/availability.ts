/**
 * API_PRODUCT_AVAILY_INFO_BASIC: the DetermineAvailabilityOf function import. The first period is available now;
 * a second, open-ended period appears when a replenishment is due at the plant.
 */
import { notFound } from '../odata/errors';
import { edm, type ODataRecord, type ODataService } from '../odata/model';
import { addDays, END_OF_TIME_MS, startOfUtcDay } from '../odata/values';
import type { ErpStore } from '../store';

export function createAvailabilityService(store: ErpStore, now: () => number): ODataService {
  const determineAvailability = (parameters: Readonly<Record<string, string>>): ODataRecord[] => {
    const plant = parameters.SupplyingPlant ?? '';
    const material = parameters.Material ?? '';
    if (!store.plants.has(plant)) throw notFound(`Plant ${plant} does not exist`);
    const item = store.items.get(material);
    if (!item) throw notFound(`Material ${material} does not exist`);
    // ATPCheckingRule is accepted as given: the sandbox has one checking rule.
    const available = store.availableNow(plant, material);
    const start = startOfUtcDay(now());
    const replenishment = store.replenishment(plant, material);
    if (!replenishment) {
      return [{ PeriodStartUTCDateTime: start, PeriodEndUTCDateTime: END_OF_TIME_MS, AvailableQuantityInBaseUnit: String(available), BaseUnit: item.baseUnit }];
    }
    // The due date rolls with the clock (today + lead time), so a long-running sandbox always shows it ahead.
    const due = addDays(start, replenishment.leadDays);
    return [
      { PeriodStartUTCDateTime: start, PeriodEndUTCDateTime: due - 1000, AvailableQuantityInBaseUnit: String(available), BaseUnit: item.baseUnit },
      { PeriodStartUTCDateTime: due, PeriodEndUTCDateTime: END_OF_TIME_MS, AvailableQuantityInBaseUnit: String(available + replenishment.eaches), BaseUnit: item.baseUnit },
    ];
  };

  return {
    name: 'API_PRODUCT_AVAILY_INFO_BASIC',
    entitySets: [],
    complexTypes: [
      {
        name: 'AvailabilityRecord',
        properties: [
          edm.dateTime('PeriodStartUTCDateTime'),
          edm.dateTime('PeriodEndUTCDateTime'),
          edm.decimal('AvailableQuantityInBaseUnit', 15, 3),
          edm.string('BaseUnit', 3),
        ],
      },
    ],
    functionImports: [
      {
        name: 'DetermineAvailabilityOf',
        parameters: [{ name: 'SupplyingPlant', maxLength: 4 }, { name: 'Material', maxLength: 40 }, { name: 'ATPCheckingRule', maxLength: 2 }],
        returns: { complexType: 'AvailabilityRecord' },
        invoke: determineAvailability,
      },
    ],
  };
}
