/**
 * Names every field inside an array by its whole path. tsoa 6.6's `ValidationService.validateArray` hands its
 * elements `name + '.'` as their parent and drops its own parent, so an error deep in a body came out as
 * `ids.$0.value` (which `ids`? the buyer's or line 3's item's?) instead of `body.parties.$0.ids.$0.value`. The fix
 * passes the array its whole path as its name; tsoa's error keys are otherwise unchanged, and
 * problem-handler.ts `fieldName` turns them into `body.parties.0.ids.0.value`. Applied once, when the IoC module
 * every generated route imports is loaded. Pinned by test/security/owasp/api3-object-property-level-authorization.test.ts.
 */
import { ValidationService } from '@tsoa/runtime';

const APPLIED = Symbol.for('distribution-gateway.tsoa-array-paths');

type ValidateArray = ValidationService['validateArray'];

export function applyTsoaArrayPathFix(): void {
  const prototype = ValidationService.prototype as ValidationService & { [APPLIED]?: true };
  if (prototype[APPLIED]) return;
  const original: ValidateArray = prototype.validateArray;
  prototype.validateArray = function validateArray(this: ValidationService, name, value, fieldErrors, isBodyParam, schema, validators, parent = '') {
    return original.call(this, `${parent}${name}`, value, fieldErrors, isBodyParam, schema, validators, '');
  };
  prototype[APPLIED] = true;
}
