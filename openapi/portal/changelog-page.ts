/**
 * The changelog of one API (`partner/customers`): what changed between its consecutive versions (the committed
 * specs, v1 → v2) and between consecutive released baselines of one version, as Markdown from the contract
 * diff, rendered to HTML with the portal's small Markdown renderer.
 */
import { PROJECT_ROOT, loadSpec, type CatalogEntry } from '../catalog';
import { listBaselines, loadBaseline } from '../contracts/baselines';
import { changelogMarkdown, type ChangelogStep } from '../contracts/changelog';
import { diffSpecs } from '../contracts/diff';
import type { OpenApiDocument } from '../contracts/types';
import { escapeHtml, page } from './html';
import { renderMarkdown } from './markdown';

/** The steps of one API's history, oldest first: each version's releases in turn, then on to the next version. */
export function changelogSteps(versions: readonly CatalogEntry[], root = PROJECT_ROOT): ChangelogStep[] {
  const ordered = [...versions].sort((a, b) => a.version - b.version);
  const steps: ChangelogStep[] = [];
  ordered.forEach((entry, index) => {
    const releases = listBaselines(root, entry.id);
    for (let at = 1; at < releases.length; at++) {
      const before = releases[at - 1];
      const after = releases[at];
      steps.push({
        from: `v${entry.version} (${before.release})`,
        to: `v${entry.version} (${after.release})`,
        changes: diffSpecs(loadBaseline(root, before), loadBaseline(root, after)),
      });
    }
    const next = ordered[index + 1];
    if (next) {
      steps.push({ from: `v${entry.version}`, to: `v${next.version}`, changes: diffSpecs(loadSpec(entry) as OpenApiDocument, loadSpec(next) as OpenApiDocument) });
    }
  });
  return steps;
}

/** The Markdown of one API's changelog, newest step first; `versions` are the catalog entries of that API. */
export function apiChangelogMarkdown(versions: readonly CatalogEntry[], root = PROJECT_ROOT): string {
  const [first] = versions;
  const title = first ? `${first.title} (${first.tier}/${first.api}): changelog` : 'Changelog';
  return changelogMarkdown(title, changelogSteps(versions, root).reverse());
}

/** The changelog page: links to each version's page and contracts, then the rendered changelog. */
export function changelogPage(versions: readonly CatalogEntry[], portalPath: string, root = PROJECT_ROOT): string {
  const [first] = versions;
  if (!first) throw new TypeError('a changelog needs at least one version');
  const links = [...versions]
    .sort((a, b) => a.version - b.version)
    .map((entry) => `<a href="${escapeHtml(`${portalPath}/${entry.id}/`)}">v${entry.version}</a> <span class="badge badge-${entry.status}">${entry.status}</span>`)
    .join(' · ');
  return page(
    `${first.title}: changelog`,
    `<nav class="muted"><a href="${escapeHtml(`${portalPath}/`)}">All APIs</a> · ${escapeHtml(`${first.tier}/${first.api}`)}: ${links}</nav>
<article class="changelog">
${renderMarkdown(apiChangelogMarkdown(versions, root))}</article>`,
  );
}
