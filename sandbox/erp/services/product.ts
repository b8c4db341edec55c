/** API_PRODUCT_SRV: items with their descriptions and units of measure (each and case, with their GTINs). */
import type { SeedItem } from '../../seed/distributor';
import { edm, groupBy, text, type ODataRecord, type ODataService } from '../odata/model';
import type { ErpStore } from '../store';

function productRecord(item: SeedItem): ODataRecord {
  return {
    Product: item.material,
    ProductType: 'HAWA',
    // The seed's category name stands in for a product group code (a real one is a short code such as L001).
    ProductGroup: item.category,
    BaseUnit: item.baseUnit,
    GrossWeight: item.weightKg,
    WeightUnit: 'KG',
    ProductStandardID: item.gtin,
    IsMarkedForDeletion: false,
  };
}

function unitRecords(item: SeedItem): ODataRecord[] {
  return [
    { Product: item.material, AlternativeUnit: 'EA', QuantityNumerator: '1', QuantityDenominator: '1', GlobalTradeItemNumber: item.gtin },
    { Product: item.material, AlternativeUnit: 'CS', QuantityNumerator: String(item.caseSize), QuantityDenominator: '1', GlobalTradeItemNumber: item.caseGtin },
  ];
}

export function createProductService(store: ErpStore): ODataService {
  const items = [...store.items.values()];
  const productRows = items.map(productRecord);
  const productByMaterial = new Map(productRows.map((row) => [text(row, 'Product'), row]));
  const descriptionRows: ODataRecord[] = items.map((item) => ({ Product: item.material, Language: 'EN', ProductDescription: item.description }));
  const unitRows = items.flatMap(unitRecords);
  const descriptionsByProduct = groupBy(descriptionRows, 'Product');
  const unitsByProduct = groupBy(unitRows, 'Product');
  const toProduct = (row: ODataRecord): readonly ODataRecord[] => {
    const product = productByMaterial.get(text(row, 'Product'));
    return product ? [product] : [];
  };

  return {
    name: 'API_PRODUCT_SRV',
    entitySets: [
      {
        name: 'A_Product',
        typeName: 'A_ProductType',
        keys: ['Product'],
        properties: [
          edm.string('Product', 40),
          edm.string('ProductType', 4),
          edm.string('ProductGroup', 20),
          edm.string('BaseUnit', 3),
          edm.decimal('GrossWeight', 13, 3),
          edm.string('WeightUnit', 3),
          edm.string('ProductStandardID', 18),
          edm.boolean('IsMarkedForDeletion'),
        ],
        navigations: [
          { name: 'to_Description', target: 'A_ProductDescription', many: true, resolve: (row) => descriptionsByProduct.get(text(row, 'Product')) ?? [] },
          { name: 'to_ProductUnitsOfMeasure', target: 'A_ProductUnitsOfMeasure', many: true, resolve: (row) => unitsByProduct.get(text(row, 'Product')) ?? [] },
        ],
        rows: () => productRows,
        find: (key) => productByMaterial.get(key.Product ?? ''),
      },
      {
        name: 'A_ProductDescription',
        typeName: 'A_ProductDescriptionType',
        keys: ['Product', 'Language'],
        properties: [edm.string('Product', 40), edm.string('Language', 2), edm.string('ProductDescription', 80)],
        navigations: [{ name: 'to_Product', target: 'A_Product', many: false, resolve: toProduct }],
        rows: () => descriptionRows,
      },
      {
        name: 'A_ProductUnitsOfMeasure',
        typeName: 'A_ProductUnitsOfMeasureType',
        keys: ['Product', 'AlternativeUnit'],
        properties: [
          edm.string('Product', 40),
          edm.string('AlternativeUnit', 3),
          edm.decimal('QuantityNumerator', 5, 0),
          edm.decimal('QuantityDenominator', 5, 0),
          edm.string('GlobalTradeItemNumber', 18),
        ],
        navigations: [{ name: 'to_Product', target: 'A_Product', many: false, resolve: toProduct }],
        rows: () => unitRows,
      },
    ],
  };
}
