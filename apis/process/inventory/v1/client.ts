/** Typed HTTP client of the inventory process API v1, for the partner tier. */
import type { AxiosInstance } from 'axios';
import { answer, answerOrUndefined, pathSegment } from '../../../../gateway/http/tier-calls';
import type { InventoryFeedAge, ItemAvailability } from './models';

export interface InventoryProcessClient {
  /** One item's availability per warehouse; undefined when the ERP does not know the item. */
  getItemAvailability(material: string): Promise<ItemAvailability | undefined>;
  /** Several items' availability (1 to 50 materials), in the order asked; unknown items are left out. */
  listAvailability(materials: readonly string[]): Promise<ItemAvailability[]>;
  /** How fresh each warehouse's inventory feed is. */
  listFeedAges(): Promise<InventoryFeedAge[]>;
}

export function createInventoryProcessClient(http: AxiosInstance): InventoryProcessClient {
  return {
    getItemAvailability: (material) => answerOrUndefined(http.get<ItemAvailability>(`/items/${pathSegment(material)}/availability`)),
    listAvailability: (materials) =>
      answer(http.get<ItemAvailability[]>('/availability', { params: new URLSearchParams(materials.map((material): [string, string] => ['material', material])) })),
    listFeedAges: () => answer(http.get<InventoryFeedAge[]>('/feeds')),
  };
}
