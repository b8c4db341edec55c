/**
 * A tiny Markdown-to-HTML renderer for the subset the contract changelog is written in: ATX headings, bullet lists
 * (nested by indentation), paragraphs, fenced code, `---` rules, and inline `code`, **bold** and [links](/path),
 * which is all `changelogMarkdown` (openapi/contracts/changelog.ts) writes and a little more.
 * Everything else is text: every character of the input is escaped, and a link's target must be a relative path,
 * a fragment or http(s) (never `javascript:` or a protocol-relative `//host`), so the output is safe to embed.
 */
import { escapeHtml } from './html';

const HEADING = /^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const BULLET = /^([ \t]*)[-*+][ \t]+(.*)$/;
const FENCE = /^[ \t]*(```|~~~)/;
const RULE = /^[ \t]*(?:-[ \t]*){3,}$|^[ \t]*(?:\*[ \t]*){3,}$/;
const SAFE_HREF = /^(?:#|\.{0,2}\/(?!\/)|https?:\/\/)[^\s]*$/i;

/** `## v1 → v2 (2026-12-01)` → `v1-v2-2026-12-01`: an id for linking to a heading. */
export function headingSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Escaped text with **bold** and [text](href) applied; `code` spans are handled by the caller. */
function renderText(text: string): string {
  return escapeHtml(text)
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\[([^\]]+)\]\(([^()\s]+)\)/g, (whole, label: string, href: string) => {
      // The href was escaped with the rest; read it back to judge it, and emit the escaped form.
      const raw = href.replace(/&#(\d+);/g, (_match, code: string) => String.fromCharCode(Number(code)));
      return SAFE_HREF.test(raw) ? `<a href="${href}">${label}</a>` : whole;
    });
}

/**
 * One line's inline markup: code spans verbatim (escaped), the rest through {@link renderText}. A code span opens
 * with a run of backticks and closes with a run of the same length, so ``a `tick` inside`` works (CommonMark);
 * one space just inside each fence is dropped. A run that never closes is text.
 */
export function renderInline(text: string): string {
  let html = '';
  let plain = '';
  let at = 0;
  while (at < text.length) {
    const open = /`+/.exec(text.slice(at));
    if (!open) break;
    const start = at + open.index;
    const fence = open[0];
    // The closing run: the same number of backticks, not part of a longer run.
    const close = new RegExp(`(?<!\`)${fence}(?!\`)`, 'g');
    close.lastIndex = start + fence.length;
    const end = close.exec(text);
    if (!end) {
      plain += text.slice(at, start + fence.length);
      at = start + fence.length;
      continue;
    }
    let code = text.slice(start + fence.length, end.index);
    if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim()) code = code.slice(1, -1);
    html += `${renderText(plain + text.slice(at, start))}<code>${escapeHtml(code)}</code>`;
    plain = '';
    at = end.index + fence.length;
  }
  return html + renderText(plain + text.slice(at));
}

function indentWidth(whitespace: string): number {
  return whitespace.replace(/\t/g, '    ').length;
}

export function renderMarkdown(markdown: string): string {
  const out: string[] = [];
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  /** Indentation of each open <ul>, outermost first; each has an open <li>. */
  const lists: number[] = [];
  const usedSlugs = new Set<string>();

  const flushParagraph = () => {
    if (paragraph.length) out.push(`<p>${paragraph.map(renderInline).join(' ')}</p>\n`);
    paragraph = [];
  };
  const closeLists = (toDepth = 0) => {
    while (lists.length > toDepth) {
      lists.pop();
      out.push(lists.length ? '</li></ul>' : '</li></ul>\n');
    }
  };

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (FENCE.test(line)) {
      flushParagraph();
      closeLists();
      const fence = (FENCE.exec(line) as RegExpExecArray)[1];
      const code: string[] = [];
      while (++index < lines.length && !lines[index].trimStart().startsWith(fence)) code.push(lines[index]);
      out.push(`<pre><code>${escapeHtml(code.join('\n'))}</code></pre>\n`);
      continue;
    }
    if (!line.trim()) {
      flushParagraph();
      // A list goes on across blank lines only while the next text is a bullet or indented under one.
      const next = lines.slice(index + 1).find((candidate) => candidate.trim());
      if (lists.length && !(next !== undefined && (BULLET.test(next) || /^[ \t]/.test(next)))) closeLists();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flushParagraph();
      closeLists();
      const level = heading[1].length;
      const text = heading[2];
      let slug = headingSlug(text) || 'section';
      for (let n = 2; usedSlugs.has(slug); n++) slug = `${headingSlug(text) || 'section'}-${n}`;
      usedSlugs.add(slug);
      out.push(`<h${level} id="${slug}">${renderInline(text)}</h${level}>\n`);
      continue;
    }
    if (RULE.test(line)) {
      flushParagraph();
      closeLists();
      out.push('<hr>\n');
      continue;
    }
    const bullet = BULLET.exec(line);
    if (bullet) {
      flushParagraph();
      const indent = indentWidth(bullet[1]);
      const item = renderInline(bullet[2].trim());
      while (lists.length && indent < lists[lists.length - 1]) closeLists(lists.length - 1);
      if (lists.length && indent === lists[lists.length - 1]) {
        out.push(`</li><li>${item}`);
      } else {
        // Deeper than the open item (a nested list), or the first bullet.
        lists.push(indent);
        out.push(`<ul><li>${item}`);
      }
      continue;
    }
    if (lists.length && /^[ \t]/.test(line)) {
      // A continuation line of the open item.
      out.push(` ${renderInline(line.trim())}`);
      continue;
    }
    closeLists();
    paragraph.push(line.trim());
  }
  flushParagraph();
  closeLists();
  return out.join('');
}
