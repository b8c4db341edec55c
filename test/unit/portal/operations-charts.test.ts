import assert from 'node:assert/strict';
import { mount, niceMax, timeSeriesChart, utcTime, SVG_NS, type SvgTree } from '../../../openapi/portal/operations/charts';

/** Every node of a tree, depth first. */
function nodes(tree: SvgTree): SvgTree[] {
  return [tree, ...(tree.children ?? []).flatMap(nodes)];
}
const byClass = (tree: SvgTree, name: string) => nodes(tree).filter((candidate) => String(candidate.attrs.class ?? '').split(' ').includes(name));
const times = (count: number) => Array.from({ length: count }, (_, index) => new Date(Date.UTC(2026, 10, 28, 9, index)).toISOString());

describe('portal operations page: charts', () => {
  it('rounds the y axis up to a nice number', () => {
    assert.deepEqual([0, -3, Number.NaN, 0.3, 1, 7, 12, 180, 1999, 2500.1].map(niceMax), [1, 1, 1, 0.5, 1, 10, 20, 200, 2000, 5000]);
  });

  it('labels times in UTC, and nothing for a malformed time', () => {
    assert.equal(utcTime('2026-11-28T09:07:30.000Z'), '09:07');
    assert.equal(utcTime('2026-11-28T10:07:30+01:00'), '09:07');
    assert.equal(utcTime('not a time'), '');
  });

  it('draws a line per series with a point per value, and breaks the line at a null', () => {
    const chart = timeSeriesChart({
      title: 'Latency',
      times: times(5),
      series: [
        { label: 'p50', values: [10, 20, null, 40, 50] },
        { label: 'p95', values: [100, 200, 300, 400, 500], className: 'series-p95' },
      ],
      unit: 'ms',
      width: 400,
      height: 200,
    });
    assert.equal(chart.tag, 'svg');
    assert.equal(chart.attrs.viewBox, '0 0 400 200');
    assert.equal(chart.attrs['data-points'], 9);
    assert.deepEqual(nodes(chart)[1], { tag: 'title', attrs: {}, text: 'Latency' });
    const [p50, p95] = nodes(chart).filter((candidate) => candidate.attrs['data-series'] !== undefined);
    assert.equal(p50?.attrs.class, 'chart-series series-0');
    assert.equal(p95?.attrs.class, 'chart-series series-p95');
    // Two strokes for p50 (the gap), one for p95.
    const path = (group: SvgTree | undefined) => String(nodes(group as SvgTree).find((candidate) => candidate.tag === 'path')?.attrs.d);
    assert.equal(path(p50).match(/M/g)?.length, 2);
    assert.equal(path(p95).match(/M/g)?.length, 1);
    assert.equal(byClass(p50 as SvgTree, 'point').length, 4);
    assert.equal(byClass(p95 as SvgTree, 'point').length, 5);
    // The y axis tops out at 500 (already nice): p95's last point sits on the top grid line, its first 4/5 below.
    const points = byClass(p95 as SvgTree, 'point');
    assert.equal(points[4]?.attrs.cy, 22);
    assert.equal(points[4]?.children?.[0]?.text, '09:04 p95: 500 ms');
    assert.ok(Number(points[0]?.attrs.cy) > Number(points[4]?.attrs.cy));
    assert.deepEqual(byClass(chart, 'chart-tick').map((tick) => tick.text), ['0', '250', '500', '09:00', '09:02', '09:04']);
  });

  it('draws bars side by side, nothing for a gap', () => {
    const chart = timeSeriesChart({
      title: 'Exceptions',
      times: times(3),
      series: [
        { label: 'opened', values: [0, 3, null], kind: 'bar' },
        { label: '5xx', values: [1, 0, 2], kind: 'bar' },
      ],
    });
    const rects = byClass(chart, 'point');
    assert.equal(rects.length, 5);
    assert.ok(rects.every((rect) => rect.tag === 'rect'));
    const [first, second] = [rects[0], rects[2]];
    assert.equal(first?.attrs.height, 0, 'a zero is a bar of no height');
    assert.ok(Number(second?.attrs.x) > Number(first?.attrs.x), 'the second series stands beside the first');
  });

  it('says "no data" when there is nothing to draw, and still draws its axes', () => {
    for (const chart of [timeSeriesChart({ title: 'empty', times: [], series: [] }), timeSeriesChart({ title: 'nulls', times: times(2), series: [{ label: 'p50', values: [null, null] }] })]) {
      assert.equal(chart.attrs['data-points'], 0);
      assert.equal(byClass(chart, 'chart-empty')[0]?.text, 'no data');
      assert.equal(byClass(chart, 'chart-grid').length, 1);
    }
  });

  it('never uses a style attribute (the portal’s CSP forbids inline styles)', () => {
    const chart = timeSeriesChart({ title: 't', times: times(3), series: [{ label: 'a', values: [1, 2, 3] }, { label: 'b', values: [1, 2, 3], kind: 'bar' }] });
    assert.deepEqual(nodes(chart).filter((candidate) => 'style' in candidate.attrs), []);
  });

  it('mounts a tree with createElementNS, setAttribute and textContent only: hostile text stays text', () => {
    interface Fake {
      tag: string;
      namespace: string;
      attributes: Record<string, string>;
      children: Fake[];
      textContent: string | null;
      setAttribute(name: string, value: string): void;
      appendChild(child: Fake): Fake;
    }
    const document = {
      createElementNS(namespace: string, tag: string): Fake {
        return {
          tag,
          namespace,
          attributes: {},
          children: [],
          textContent: null,
          setAttribute(name, value) {
            this.attributes[name] = value;
          },
          appendChild(child) {
            this.children.push(child);
            return child;
          },
        };
      },
    };
    const hostile = '<img src=x onerror=alert(1)>';
    const chart = timeSeriesChart({ title: hostile, times: [hostile], series: [{ label: hostile, values: [1] }] });
    const root = mount(chart, document);
    assert.equal(root.tag, 'svg');
    assert.equal(root.namespace, SVG_NS);
    assert.equal(root.attributes.xmlns, undefined, 'the namespace comes from createElementNS');
    assert.equal(root.attributes['data-points'], '1');
    assert.equal(root.children[0]?.textContent, hostile);
    const all = (element: Fake): Fake[] => [element, ...element.children.flatMap(all)];
    assert.ok(all(root).every((element) => element.namespace === SVG_NS && element.tag !== 'img'));
  });
});
