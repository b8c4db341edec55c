/**
 * Reads a ShipBob `CreateOrderModel` body (the subset DIALECT.md lists) and answers ShipBob-style field errors:
 * `{"products[0].quantity": ["..."]}`. Unknown properties are ignored, as ShipBob's model binding does.
 */
import { z } from 'zod';

const INT32_MAX = 2_147_483_647;

const optionalText = (max?: number) => (max === undefined ? z.string() : z.string().max(max)).nullish();
const dateTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).nullish();

const addressSchema = z.object({
  address1: z.string().trim().min(1),
  address2: optionalText(300),
  company_name: optionalText(300),
  city: z.string().trim().min(1),
  state: optionalText(100),
  zip_code: optionalText(20),
  country: z.string().trim().min(1).max(60),
});

const productSchema = z
  .object({
    reference_id: z.string().trim().min(1).max(300).nullish(),
    id: z.number().int().min(1).max(INT32_MAX).nullish(),
    name: optionalText(500),
    sku: optionalText(300),
    gtin: optionalText(50),
    upc: optionalText(50),
    quantity: z.number().int().min(1).max(INT32_MAX),
    quantity_unit_of_measure_code: z.string().nullish(),
    external_line_id: z.number().int().min(0).max(INT32_MAX).nullish(),
    unit_price: z.number().nullish(),
  })
  .refine((product) => (product.reference_id ?? null) !== null || (product.id ?? null) !== null, {
    message: 'Either reference_id or id is required',
    path: ['reference_id'],
  });

export const createOrderSchema = z.object({
  reference_id: z.string().trim().min(1).max(300),
  order_number: optionalText(400),
  type: z.enum(['DTC', 'DropShip', 'B2B']),
  shipping_method: z.string().trim().min(1).max(300),
  location_id: z.number().int().min(1).max(INT32_MAX).nullish(),
  purchase_date: dateTime,
  requested_delivery_date: dateTime,
  gift_message: optionalText(500),
  recipient: z.object({
    name: z.string().trim().min(1).max(300),
    email: optionalText(300),
    phone_number: optionalText(50),
    address: addressSchema,
  }),
  products: z.array(productSchema).min(1).max(500),
  retailer_program_data: z
    .object({
      purchase_order_number: z.string().trim().min(1).max(300),
      retailer_program_type: z.string().trim().min(1).max(300),
      mark_for_store: optionalText(300),
      department: optionalText(300),
      customer_ticket_number: optionalText(300),
      shipByDate: dateTime,
      doNotShipBeforeDate: dateTime,
      delivery_date: dateTime,
    })
    .nullish(),
  shipping_terms: z
    .object({
      carrier_type: z.enum(['Parcel', 'Freight']).nullish(),
      payment_term: z.enum(['Collect', 'ThirdParty', 'Prepaid', 'MerchantResponsible']).nullish(),
    })
    .nullish(),
  tags: z
    .array(z.object({ name: z.string().min(1).max(50), value: z.string().min(1).max(500) }))
    .max(200)
    .nullish(),
  financials: z.object({ total_price: z.number().nullish() }).nullish(),
});

export type CreateOrderInput = z.infer<typeof createOrderSchema>;

/** ShipBob's error body: field path → messages. */
export type FieldErrors = Record<string, string[]>;

/** `["products", 0, "quantity"]` → `products[0].quantity`; the empty path is `$` (the body itself). */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out || '$';
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment as string];
  }
  return current;
}

export function addFieldError(errors: FieldErrors, field: string, message: string): void {
  (errors[field] ??= []).push(message);
}

export type ParsedOrder = { ok: true; value: CreateOrderInput } | { ok: false; errors: FieldErrors };

export function parseCreateOrder(body: unknown): ParsedOrder {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, errors: { $: ['The request body must be a JSON object.'] } };
  }
  const result = createOrderSchema.safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = fieldPath(issue.path);
    const name = String(issue.path[issue.path.length - 1] ?? 'body');
    const missing = issue.code !== 'custom' && valueAt(body, issue.path) === undefined;
    addFieldError(errors, field, missing ? `The ${name} field is required.` : `${name}: ${issue.message}`);
  }
  return { ok: false, errors };
}
