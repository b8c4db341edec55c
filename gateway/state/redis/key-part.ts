/**
 * The escape of a variable part of a Redis key (an id, a topic, a group name): `%` and four hex digits of the UTF-16
 * code unit for anything outside `A-Za-z0-9_.-`. Injective and never throwing, so a `:` in a value cannot forge
 * another key, `{}` in a value never form a cluster hash tag (a store can put its own braces around an escaped part
 * to choose the tag), and the common ids stay readable.
 */
export function keyPart(value: string): string {
  return value.replace(/[^A-Za-z0-9_.-]/g, (unit) => `%${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
