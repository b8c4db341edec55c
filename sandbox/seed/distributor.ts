/**
 * The sandbox's distributor: a deterministic janitorial, packaging and safety-supply wholesaler with 240 items,
 * 20 customers with ship-to parties, 3 warehouses, price lists with customer-specific prices, and stock that runs
 * short for some items. Both sandbox platforms (ERP and WMS) build their data from this one seed, so they agree on
 * materials, plants and quantities, as a real ERP and WMS do.
 *
 * Deterministic: the same seed number always yields the same data, so tests can name items and customers.
 */

export interface SeedItem {
  /** ERP material number, e.g. "TG-10001". Also the WMS SKU. */
  material: string;
  description: string;
  category: string;
  /** GTIN-13 of the each (base unit). */
  gtin: string;
  /** GTIN-14 of the case (indicator digit 1 + the each's GTIN-12 body, recomputed check digit). */
  caseGtin: string;
  baseUnit: 'EA';
  /** Eaches per case (CS). */
  caseSize: number;
  /** List price per each, a decimal string with 2 places. */
  listPrice: string;
  /** Net weight of one each in kilograms, a decimal string. */
  weightKg: string;
}

export interface SeedAddress {
  street: string;
  city: string;
  region: string;
  postalCode: string;
  country: 'US';
}

export interface SeedShipTo {
  /** SAP business partner number of the ship-to party (10 digits). */
  partnerNumber: string;
  name: string;
  address: SeedAddress;
}

export type PriceListId = 'A' | 'B' | 'C';

export interface SeedCustomer {
  /** SAP customer (sold-to) number, 10 digits. */
  customerNumber: string;
  name: string;
  address: SeedAddress;
  currency: 'USD';
  priceList: PriceListId;
  /** SAP payment terms key. */
  paymentTerms: 'NT30' | 'NT45' | 'D210';
  /** GS1 Global Location Number of the buyer (13 digits), for EDI partners. */
  gln: string;
  shipTos: SeedShipTo[];
}

export interface SeedWarehouse {
  /** Plant / fulfillment-center id shared by ERP (plant) and WMS (location). */
  id: string;
  name: string;
  address: SeedAddress;
}

export interface SeedCustomerPrice {
  customerNumber: string;
  material: string;
  /** Net price per each, a decimal string with 2 places. */
  price: string;
}

export interface SeedStock {
  warehouseId: string;
  material: string;
  /** Eaches on hand. */
  onHand: number;
  /** Eaches already promised to open orders. */
  committed: number;
}

export interface DistributorSeed {
  company: { code: string; name: string; salesOrganization: string; distributionChannel: string; division: string };
  items: SeedItem[];
  customers: SeedCustomer[];
  warehouses: SeedWarehouse[];
  /** Discount of each price list off the list price, in percent. */
  priceLists: Record<PriceListId, { name: string; discountPercent: number }>;
  customerPrices: SeedCustomerPrice[];
  stock: SeedStock[];
}

/** Small, fast, well-distributed 32-bit PRNG: enough for reproducible fixtures, never for secrets. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** GS1 check digit (mod 10, weights 3,1 from the right) for the digits given. */
export function gs1CheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    const digit = Number(body[body.length - 1 - i]);
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return String((10 - (sum % 10)) % 10);
}

const PRODUCT_LINES: ReadonlyArray<{ category: string; base: string; variants: string[]; price: [number, number]; caseSizes: number[] }> = [
  { category: 'Gloves', base: 'Nitrile Exam Gloves, Powder-Free, 100ct', variants: ['Small', 'Medium', 'Large', 'X-Large'], price: [6, 14], caseSizes: [10] },
  { category: 'Gloves', base: 'Vinyl Food-Service Gloves, 100ct', variants: ['Small', 'Medium', 'Large', 'X-Large'], price: [3, 7], caseSizes: [10] },
  { category: 'Paper', base: 'Multifold Paper Towels, 250 sheets', variants: ['White', 'Natural'], price: [2, 5], caseSizes: [16] },
  { category: 'Paper', base: 'Jumbo Roll Toilet Tissue, 2-Ply', variants: ['9in', '12in'], price: [3, 8], caseSizes: [12] },
  { category: 'Paper', base: 'Center-Pull Towels, 600 sheets', variants: ['White', 'Natural'], price: [5, 11], caseSizes: [6] },
  { category: 'Liners', base: 'Can Liners, High-Density', variants: ['16gal', '33gal', '45gal', '56gal'], price: [12, 38], caseSizes: [4, 6] },
  { category: 'Liners', base: 'Can Liners, Low-Density, Black', variants: ['33gal', '45gal', '56gal'], price: [18, 45], caseSizes: [2, 4] },
  { category: 'Chemicals', base: 'Neutral Floor Cleaner, 1 gal', variants: ['Citrus', 'Unscented'], price: [9, 16], caseSizes: [4] },
  { category: 'Chemicals', base: 'Glass Cleaner, 32 oz Trigger', variants: ['Ammonia-Free', 'Ammoniated'], price: [3, 6], caseSizes: [12] },
  { category: 'Chemicals', base: 'Disinfectant Cleaner, 1 gal', variants: ['Lemon', 'Fresh', 'Unscented'], price: [14, 28], caseSizes: [4] },
  { category: 'Chemicals', base: 'Foaming Hand Soap Refill, 1000 ml', variants: ['Mild', 'Antibacterial'], price: [7, 13], caseSizes: [6] },
  { category: 'Packaging', base: 'Corrugated Shipping Box, 200# Test', variants: ['8x6x4', '10x8x6', '12x12x12', '16x12x8', '18x18x16', '24x18x12'], price: [0.4, 2.5], caseSizes: [25] },
  { category: 'Packaging', base: 'Carton Sealing Tape, 2in x 110yd', variants: ['Clear', 'Tan', 'Heavy-Duty Clear'], price: [1.5, 4], caseSizes: [36] },
  { category: 'Packaging', base: 'Stretch Film, 18in x 1500ft', variants: ['80ga', '70ga', '60ga'], price: [14, 24], caseSizes: [4] },
  { category: 'Packaging', base: 'Bubble Cushioning Roll, 12in x 175ft', variants: ['3/16in', '1/2in'], price: [9, 19], caseSizes: [4] },
  { category: 'Packaging', base: 'Poly Mailer, Self-Seal', variants: ['6x9', '10x13', '12x15.5', '14.5x19'], price: [0.08, 0.4], caseSizes: [500, 250] },
  { category: 'Safety', base: 'Safety Glasses, Anti-Fog', variants: ['Clear', 'Smoke', 'Amber'], price: [2, 6], caseSizes: [12] },
  { category: 'Safety', base: 'Hi-Vis Safety Vest, Class 2', variants: ['M', 'L', 'XL', '2XL'], price: [5, 12], caseSizes: [25] },
  { category: 'Safety', base: 'Disposable Earplugs, Corded, 100 pair', variants: ['NRR 29', 'NRR 32'], price: [18, 34], caseSizes: [10] },
  { category: 'Safety', base: 'Cut-Resistant Work Gloves, A4', variants: ['S', 'M', 'L', 'XL'], price: [4, 9], caseSizes: [12] },
  { category: 'Foodservice', base: 'Hinged Foam Container, 9x9', variants: ['1-Compartment', '3-Compartment'], price: [0.12, 0.3], caseSizes: [200] },
  { category: 'Foodservice', base: 'Hot Cup, Paper', variants: ['8oz', '12oz', '16oz', '20oz'], price: [0.05, 0.14], caseSizes: [1000, 500] },
  { category: 'Foodservice', base: 'Cutlery Kit, Heavyweight', variants: ['Fork/Knife/Napkin', 'Spoon/Napkin', 'Full Kit'], price: [0.06, 0.15], caseSizes: [250] },
  { category: 'Foodservice', base: 'Deli Container with Lid', variants: ['8oz', '16oz', '32oz'], price: [0.1, 0.25], caseSizes: [240] },
  { category: 'Janitorial', base: 'Microfiber Cloth, 16x16', variants: ['Blue', 'Green', 'Red', 'Yellow'], price: [0.6, 1.4], caseSizes: [12] },
  { category: 'Janitorial', base: 'Wet Mop Head, Looped-End', variants: ['Small', 'Medium', 'Large'], price: [4, 9], caseSizes: [12] },
  { category: 'Janitorial', base: 'Upright Angle Broom', variants: ['Standard', 'Heavy-Duty'], price: [5, 11], caseSizes: [12] },
  { category: 'Janitorial', base: 'Mop Bucket with Wringer, 35qt', variants: ['Yellow', 'Gray'], price: [38, 65], caseSizes: [1] },
];

const CITIES: ReadonlyArray<[string, string, string]> = [
  ['Columbus', 'OH', '43215'], ['Indianapolis', 'IN', '46204'], ['Louisville', 'KY', '40202'], ['Nashville', 'TN', '37203'],
  ['Memphis', 'TN', '38103'], ['Dallas', 'TX', '75201'], ['Atlanta', 'GA', '30303'], ['Charlotte', 'NC', '28202'],
  ['Pittsburgh', 'PA', '15222'], ['Chicago', 'IL', '60606'], ['Milwaukee', 'WI', '53202'], ['St. Louis', 'MO', '63101'],
  ['Kansas City', 'MO', '64105'], ['Denver', 'CO', '80202'], ['Phoenix', 'AZ', '85004'], ['Reno', 'NV', '89501'],
];

const CUSTOMER_NAMES = [
  'Globex Facilities Group', 'Initech Property Services', 'Acme Hospitality Supply', 'Shopco Marketplace Fulfillment',
  'Umbrella Healthcare Purchasing', 'Stark Logistics Centers', 'Wayne Municipal Services', 'Cyberdyne Campus Operations',
  'Soylent Food Service', 'Hooli Workplace Solutions', 'Vandelay Industries', 'Wonka Confections',
  'Tyrell Manufacturing', 'Massive Dynamic Labs', 'Oceanic Airport Services', 'Pied Piper Offices',
  'Dunder Mifflin Paper Branches', 'Gringotts Property Management', 'Monarch School District', 'Bluth Construction',
];

const STREETS = ['Commerce Dr', 'Industrial Pkwy', 'Logistics Way', 'Distribution Ave', 'Enterprise Blvd', 'Warehouse Rd', 'Market St', 'Harbor Ln'];

function money(value: number): string {
  return value.toFixed(2);
}

function pick<T>(random: () => number, values: ReadonlyArray<T>): T {
  return values[Math.floor(random() * values.length)] as T;
}

function address(random: () => number, cityIndex: number): SeedAddress {
  const [city, region, postalCode] = CITIES[cityIndex % CITIES.length] as [string, string, string];
  return { street: `${100 + Math.floor(random() * 9800)} ${pick(random, STREETS)}`, city, region, postalCode, country: 'US' };
}

function buildItems(random: () => number): SeedItem[] {
  const items: SeedItem[] = [];
  // Several grades per product line and variant gives the catalogue its depth (240 items).
  const grades = ['Standard', 'Premium', 'Economy'];
  let sequence = 0;
  for (const grade of grades) {
    for (const line of PRODUCT_LINES) {
      for (const variant of line.variants) {
        if (items.length >= 240) return items;
        sequence += 1;
        const material = `TG-${10000 + sequence}`;
        // GS1 company prefix 0614141 is GS1's documented example prefix: safe for sandbox data.
        const itemReference = String(sequence).padStart(5, '0');
        const gtin12Body = `0614141${itemReference}`;
        const gtin13 = `${gtin12Body}${gs1CheckDigit(gtin12Body)}`;
        const caseBody = `1${gtin12Body}`;
        const caseGtin = `${caseBody}${gs1CheckDigit(caseBody)}`;
        const [low, high] = line.price;
        const gradeFactor = grade === 'Premium' ? 1.25 : grade === 'Economy' ? 0.85 : 1;
        const price = Math.max(0.01, (low + random() * (high - low)) * gradeFactor);
        items.push({
          material,
          description: `${line.base}, ${variant}${grade === 'Standard' ? '' : ` (${grade})`}`,
          category: line.category,
          gtin: gtin13,
          caseGtin,
          baseUnit: 'EA',
          caseSize: pick(random, line.caseSizes),
          listPrice: money(price),
          weightKg: (0.05 + random() * 4).toFixed(3),
        });
      }
    }
  }
  return items;
}

function buildCustomers(random: () => number): SeedCustomer[] {
  const priceLists: PriceListId[] = ['A', 'B', 'C'];
  const terms: SeedCustomer['paymentTerms'][] = ['NT30', 'NT45', 'D210'];
  return CUSTOMER_NAMES.map((name, index) => {
    const customerNumber = String(10100001 + index).padStart(10, '0');
    const shipToCount = 1 + (index % 3);
    const shipTos: SeedShipTo[] = Array.from({ length: shipToCount }, (_, shipIndex) => ({
      partnerNumber: String(10200001 + index * 10 + shipIndex).padStart(10, '0'),
      name: `${name} - ${shipIndex === 0 ? 'Main DC' : `Site ${shipIndex + 1}`}`,
      address: address(random, index + shipIndex * 5),
    }));
    const glnBody = `061414${String(200000 + index).padStart(6, '0')}`;
    return {
      customerNumber,
      name,
      address: address(random, index),
      currency: 'USD' as const,
      priceList: priceLists[index % priceLists.length] as PriceListId,
      paymentTerms: terms[index % terms.length] as SeedCustomer['paymentTerms'],
      gln: `${glnBody}${gs1CheckDigit(glnBody)}`,
      shipTos,
    };
  });
}

const WAREHOUSES: SeedWarehouse[] = [
  { id: '1010', name: 'Columbus Distribution Center', address: { street: '4500 Logistics Way', city: 'Columbus', region: 'OH', postalCode: '43217', country: 'US' } },
  { id: '1020', name: 'Dallas Distribution Center', address: { street: '1200 Distribution Ave', city: 'Dallas', region: 'TX', postalCode: '75241', country: 'US' } },
  { id: '1030', name: 'Reno Distribution Center', address: { street: '950 Industrial Pkwy', city: 'Reno', region: 'NV', postalCode: '89502', country: 'US' } },
];

function buildStock(random: () => number, items: SeedItem[]): SeedStock[] {
  const stock: SeedStock[] = [];
  items.forEach((item, index) => {
    // Every 10th item is out of stock everywhere; every 7th is short (a few cases at most); the rest are healthy.
    const outEverywhere = index % 10 === 9;
    const short = !outEverywhere && index % 7 === 6;
    for (const warehouse of WAREHOUSES) {
      let onHand: number;
      if (outEverywhere) onHand = 0;
      else if (short) onHand = Math.floor(random() * 3) * item.caseSize + Math.floor(random() * item.caseSize);
      else onHand = (20 + Math.floor(random() * 400)) * item.caseSize;
      const committed = onHand === 0 ? 0 : Math.floor(onHand * random() * 0.2);
      stock.push({ warehouseId: warehouse.id, material: item.material, onHand, committed });
    }
  });
  return stock;
}

function buildCustomerPrices(random: () => number, items: SeedItem[], customers: SeedCustomer[]): SeedCustomerPrice[] {
  const prices: SeedCustomerPrice[] = [];
  // Contract pricing: every customer has negotiated prices on a slice of the catalogue.
  customers.forEach((customer, customerIndex) => {
    for (let i = 0; i < 12; i += 1) {
      const item = items[(customerIndex * 11 + i * 17) % items.length] as SeedItem;
      const discount = 0.12 + random() * 0.13;
      prices.push({ customerNumber: customer.customerNumber, material: item.material, price: money(Number(item.listPrice) * (1 - discount)) });
    }
  });
  return prices;
}

export function createDistributorSeed(seed = 20261128): DistributorSeed {
  const random = mulberry32(seed);
  const items = buildItems(random);
  const customers = buildCustomers(random);
  return {
    company: { code: '1010', name: 'Tri-Gate Supply Co.', salesOrganization: '1010', distributionChannel: '10', division: '00' },
    items,
    customers,
    warehouses: WAREHOUSES,
    priceLists: { A: { name: 'Key accounts', discountPercent: 8 }, B: { name: 'Standard', discountPercent: 4 }, C: { name: 'List', discountPercent: 0 } },
    customerPrices: buildCustomerPrices(random, items, customers),
    stock: buildStock(random, items),
  };
}

/**
 * The net price per each for a customer: the contract price when one exists, else the list price less the
 * customer's price-list discount. Both sandboxes and tests use this one rule.
 */
export function netPrice(seed: DistributorSeed, customerNumber: string, material: string): string | undefined {
  const item = seed.items.find((candidate) => candidate.material === material);
  const customer = seed.customers.find((candidate) => candidate.customerNumber === customerNumber);
  if (!item || !customer) return undefined;
  const contract = seed.customerPrices.find((price) => price.customerNumber === customerNumber && price.material === material);
  if (contract) return contract.price;
  const discount = seed.priceLists[customer.priceList].discountPercent;
  return money(Number(item.listPrice) * (1 - discount / 100));
}
