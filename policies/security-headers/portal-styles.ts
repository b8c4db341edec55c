/**
 * The portal's inline `<style>` elements, read from the pages it renders, so the portal's CSP can allow exactly
 * them by hash: a change to the portal's CSS changes the hash with it, and nothing else inline is ever allowed.
 */
import { createHash } from 'node:crypto';
import { docsPage } from '../../openapi/portal/docs-page';
import { page } from '../../openapi/portal/html';

/** The contents of every `<style>` element of the portal's two page frames (the plain pages and Swagger UI's). */
export function portalInlineStyles(): string[] {
  const styles = new Set<string>();
  for (const html of [page('', ''), docsPage('', '', '')]) {
    for (const match of html.matchAll(/<style>([\s\S]*?)<\/style>/g)) styles.add(match[1] ?? '');
  }
  return [...styles];
}

/** A CSP hash source for one inline element's exact text: `'sha256-…'`. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}
