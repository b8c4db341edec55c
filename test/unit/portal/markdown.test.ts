import assert from 'node:assert/strict';
import { changelogMarkdown } from '../../../openapi/contracts/changelog';
import { headingSlug, renderInline, renderMarkdown } from '../../../openapi/portal/markdown';

describe('portal: the changelog’s Markdown renderer', () => {
  it('renders headings with ids, paragraphs, and bullets nested by indentation', () => {
    const html = renderMarkdown('# Title\n\nSome text\non two lines.\n\n## v1 → v2\n\n- one\n  - nested\n  - nested too\n- two\n  continued\n\nAfter.\n');
    assert.equal(
      html,
      '<h1 id="title">Title</h1>\n<p>Some text on two lines.</p>\n<h2 id="v1-v2">v1 → v2</h2>\n' +
        '<ul><li>one<ul><li>nested</li><li>nested too</li></ul></li><li>two continued</li></ul>\n<p>After.</p>\n',
    );
  });

  it('gives repeated headings distinct ids', () => {
    assert.equal(renderMarkdown('### Breaking\n### Breaking\n### Breaking'), '<h3 id="breaking">Breaking</h3>\n<h3 id="breaking-2">Breaking</h3>\n<h3 id="breaking-3">Breaking</h3>\n');
    assert.equal(headingSlug('v1 (2026-11-28) → v1 (2026-12-01-2)'), 'v1-2026-11-28-v1-2026-12-01-2');
  });

  it('renders code spans, also with backticks inside (CommonMark fences), and bold', () => {
    assert.equal(renderInline('`GET /orders/{orderId}` is **gone**'), '<code>GET /orders/{orderId}</code> is <strong>gone</strong>');
    assert.equal(renderInline('the `` a `tick` `` field'), 'the <code>a `tick`</code> field');
    assert.equal(renderInline('a lone ` stays'), 'a lone ` stays');
  });

  it('escapes everything: no markup of the input survives, in text, code, headings or lists', () => {
    const hostile = '<script>alert(1)</script> <img src=x onerror=alert(1)> & "quotes" \'single\'';
    for (const markdown of [hostile, `# ${hostile}`, `- ${hostile}`, `\`${hostile}\``, `\`\`\`\n${hostile}\n\`\`\``, `**${hostile}**`]) {
      const html = renderMarkdown(markdown);
      assert.doesNotMatch(html, /<script|<img|onerror=alert\(1\)>/i, markdown);
      assert.match(html, /&#60;script&#62;alert\(1\)&#60;\/script&#62;/, markdown);
      assert.doesNotMatch(html, /"quotes"|'single'/, 'quotes are escaped too');
    }
  });

  it('links only to relative paths, fragments and http(s)', () => {
    assert.equal(renderInline('[v2](/portal/partner/customers/v2/)'), '<a href="/portal/partner/customers/v2/">v2</a>');
    assert.equal(renderInline('[here](#breaking)'), '<a href="#breaking">here</a>');
    assert.equal(renderInline('[rfc](https://www.rfc-editor.org/rfc/rfc9457)'), '<a href="https://www.rfc-editor.org/rfc/rfc9457">rfc</a>');
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert', 'data:text/html,x', '//evil.example/x', 'vbscript:x', '/x"onmouseover="alert(1)']) {
      const html = renderInline(`[click](${bad})`);
      assert.doesNotMatch(html, /<a /, bad);
    }
    assert.doesNotMatch(renderInline('[x](/a"b)'), /href="\/a"b"/);
  });

  it('renders what changelogMarkdown writes', () => {
    const markdown = changelogMarkdown('Customer Orders API', [
      {
        from: 'v1',
        to: 'v2',
        changes: [
          { pointer: '/paths/~1orders/post', kind: 'operation-removed', breaking: true, message: 'Operation `POST /orders` (PlaceOrder) was removed' },
          { pointer: '/paths/~1orders/get', kind: 'operation-added', breaking: false, message: 'Operation `GET /orders` was added' },
        ],
      },
      { from: 'v1 (2026-11-28)', to: 'v1 (2026-12-01)', changes: [] },
    ]);
    const html = renderMarkdown(markdown);
    assert.match(html, /^<h1 id="customer-orders-api">Customer Orders API<\/h1>\n<h2 id="v1-v2">v1 → v2<\/h2>\n<h3 id="breaking">Breaking<\/h3>\n<ul><li>Operation <code>POST \/orders<\/code> \(PlaceOrder\) was removed <code>\/paths\/~1orders\/post<\/code><\/li><\/ul>\n/);
    assert.match(html, /<h3 id="other-changes">Other changes<\/h3>\n<ul><li>Operation <code>GET \/orders<\/code> was added <code>\/paths\/~1orders\/get<\/code><\/li><\/ul>\n/);
    assert.match(html, /<h2 id="v1-2026-11-28-v1-2026-12-01">v1 \(2026-11-28\) → v1 \(2026-12-01\)<\/h2>\n<p>No changes\.<\/p>\n$/);
  });
});
