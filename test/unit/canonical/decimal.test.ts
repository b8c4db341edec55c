import assert from 'node:assert/strict';
import { add, compare, DecimalFormatError, isPositive, isWhole, multiply, percentDifference } from '../../../apis/canonical/decimal';

describe('canonical decimal arithmetic', () => {
  it('multiplies exactly where floating point would not', () => {
    assert.equal(multiply('0.10', '3'), '0.30');
    assert.equal(multiply('12.33', '10'), '123.30');
    assert.equal(multiply('1.005', '1'), '1.01'); // half away from zero, not banker's and not float's 1.00
  });

  it('adds a list and formats with the asked places', () => {
    assert.equal(add(['0.1', '0.2']), '0.30');
    assert.equal(add([]), '0.00');
    assert.equal(add(['-1.50', '0.25']), '-1.25');
    assert.equal(multiply('2', '3', 0), '6');
  });

  it('compares, tests sign and wholeness', () => {
    assert.equal(compare('1.50', '1.5'), 0);
    assert.equal(compare('1.49', '1.5'), -1);
    assert.equal(compare('10', '9.999'), 1);
    assert.equal(isPositive('0.000'), false);
    assert.equal(isPositive('0.001'), true);
    assert.equal(isWhole('12.000'), true);
    assert.equal(isWhole('12.5'), false);
  });

  it('computes percent differences relative to the second value', () => {
    assert.equal(percentDifference('101', '100'), 1);
    assert.equal(percentDifference('99', '100'), 1);
    assert.equal(percentDifference('0', '0'), 0);
    assert.equal(percentDifference('1', '0'), Number.POSITIVE_INFINITY);
  });

  it('refuses what is not a decimal string', () => {
    for (const bad of ['', 'abc', '1e3', '1.2.3', '0x10', '1.1234567']) {
      assert.throws(() => multiply(bad, '1'), DecimalFormatError, bad);
    }
  });
});
