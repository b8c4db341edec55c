/**
 * The operations page's charts: pure functions from a time series to an SVG element tree ({ tag, attrs, children }
 * or { tag, attrs, text }), and `mount`, which turns a tree into DOM nodes with createElementNS, setAttribute and
 * textContent only (never markup), so no value can inject anything. Plain browser JavaScript served as is by the
 * portal (no build step); under Node (the unit tests) it is a CommonJS module, in the page it is `OpsCharts`.
 * Charts draw with presentation attributes and classes, never `style`: the portal's CSP allows no inline style.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.OpsCharts = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  var SVG_NS = 'http://www.w3.org/2000/svg';
  var DEFAULTS = { width: 400, height: 220, margin: { top: 22, right: 12, bottom: 26, left: 40 } };

  /** The smallest "nice" number (1, 2, 2.5, 5 times a power of ten) at or above `value`; 1 for nothing to show. */
  function niceMax(value) {
    if (!(value > 0) || !isFinite(value)) return 1;
    var power = Math.pow(10, Math.floor(Math.log10(value)));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i += 1) {
      var candidate = steps[i] * power;
      if (candidate >= value - power * 1e-9) return candidate;
    }
    return 10 * power;
  }

  /** Rounds a coordinate to one decimal, so trees are stable and small. */
  function r(value) {
    return Math.round(value * 10) / 10;
  }

  /** A number as a short axis label: 1500 → "1.5k". */
  function shortNumber(value) {
    if (Math.abs(value) >= 1e6) return r(value / 1e6) + 'M';
    if (Math.abs(value) >= 1e3) return r(value / 1e3) + 'k';
    return String(r(value));
  }

  /** "HH:MM" of an ISO time, in UTC (the API's times are UTC). */
  function utcTime(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) return '';
    return date.toISOString().slice(11, 16);
  }

  function node(tag, attrs, children) {
    return { tag: tag, attrs: attrs || {}, children: children || [] };
  }

  function textNode(tag, attrs, text) {
    return { tag: tag, attrs: attrs || {}, text: String(text) };
  }

  /**
   * A time-series chart: one x position per time, each series a line (with a point per value; null leaves a gap) or
   * bars. options: { title, times: ISO[], series: [{ label, values: (number|null)[], kind: 'line'|'bar', className }],
   * unit (for the hover titles), width, height, timeLabel (ISO → text, default UTC "HH:MM") }.
   */
  function timeSeriesChart(options) {
    var width = options.width || DEFAULTS.width;
    var height = options.height || DEFAULTS.height;
    var m = DEFAULTS.margin;
    var times = options.times || [];
    var series = options.series || [];
    var label = options.timeLabel || utcTime;
    var unit = options.unit ? ' ' + options.unit : '';
    var plotWidth = width - m.left - m.right;
    var plotHeight = height - m.top - m.bottom;
    var count = times.length;

    var max = 0;
    var points = 0;
    series.forEach(function (s) {
      s.values.forEach(function (value) {
        if (typeof value === 'number' && isFinite(value)) {
          points += 1;
          if (value > max) max = value;
        }
      });
    });
    var top = niceMax(max);
    var slot = count > 0 ? plotWidth / count : plotWidth;
    var x = function (index) {
      return m.left + slot * index + slot / 2;
    };
    var y = function (value) {
      return m.top + plotHeight - (Math.max(0, value) / top) * plotHeight;
    };

    var children = [textNode('title', {}, options.title || 'chart')];
    if (options.description) children.push(textNode('desc', {}, options.description));

    // The grid and the y axis: 0, a half and the top.
    var grid = node('g', { class: 'chart-grid' });
    [0, top / 2, top].forEach(function (tick) {
      grid.children.push(node('line', { x1: m.left, x2: width - m.right, y1: r(y(tick)), y2: r(y(tick)) }));
      grid.children.push(textNode('text', { x: m.left - 6, y: r(y(tick) + 4), 'text-anchor': 'end', class: 'chart-tick' }, shortNumber(tick)));
    });
    children.push(grid);

    // The x axis: a label about every quarter of the range.
    var axis = node('g', { class: 'chart-axis' });
    if (count > 0) {
      var every = Math.max(1, Math.ceil(count / 4));
      for (var i = 0; i < count; i += every) {
        axis.children.push(textNode('text', { x: r(x(i)), y: height - 8, 'text-anchor': 'middle', class: 'chart-tick' }, label(times[i])));
      }
    }
    children.push(axis);

    var bars = series.filter(function (s) {
      return s.kind === 'bar';
    });
    series.forEach(function (s, seriesIndex) {
      var group = node('g', { class: 'chart-series ' + (s.className || 'series-' + seriesIndex), 'data-series': s.label });
      if (s.kind === 'bar') {
        var barIndex = bars.indexOf(s);
        var barWidth = Math.max(1, (slot * 0.8) / bars.length);
        s.values.forEach(function (value, index) {
          if (typeof value !== 'number' || !isFinite(value)) return;
          var left = m.left + slot * index + slot * 0.1 + barWidth * barIndex;
          group.children.push(
            node('rect', { class: 'point', x: r(left), y: r(y(value)), width: r(barWidth), height: r(m.top + plotHeight - y(value)), 'data-value': value }, [
              textNode('title', {}, label(times[index]) + ' ' + s.label + ': ' + value + unit),
            ]),
          );
        });
      } else {
        var d = '';
        var pen = false;
        s.values.forEach(function (value, index) {
          if (typeof value !== 'number' || !isFinite(value)) {
            pen = false;
            return;
          }
          d += (pen ? 'L' : 'M') + r(x(index)) + ' ' + r(y(value));
          pen = true;
        });
        if (d) group.children.push(node('path', { class: 'chart-line', d: d, fill: 'none' }));
        s.values.forEach(function (value, index) {
          if (typeof value !== 'number' || !isFinite(value)) return;
          group.children.push(
            node('circle', { class: 'point', cx: r(x(index)), cy: r(y(value)), r: 2.5, 'data-value': value }, [
              textNode('title', {}, label(times[index]) + ' ' + s.label + ': ' + value + unit),
            ]),
          );
        });
      }
      children.push(group);
    });

    // The legend, top right.
    var legend = node('g', { class: 'chart-legend' });
    var legendX = width - m.right;
    series
      .slice()
      .reverse()
      .forEach(function (s) {
        var index = series.indexOf(s);
        var textWidth = 8 + s.label.length * 6;
        legendX -= textWidth + 14;
        legend.children.push(
          node('g', { class: 'chart-series ' + (s.className || 'series-' + index) }, [
            node('rect', { class: 'legend-swatch', x: r(legendX), y: 4, width: 10, height: 10 }),
            textNode('text', { x: r(legendX + 14), y: 13, class: 'chart-legend-label' }, s.label),
          ]),
        );
      });
    children.push(legend);

    if (points === 0) {
      children.push(textNode('text', { x: r(m.left + plotWidth / 2), y: r(m.top + plotHeight / 2), 'text-anchor': 'middle', class: 'chart-empty' }, 'no data'));
    }

    return node('svg', { xmlns: SVG_NS, viewBox: '0 0 ' + width + ' ' + height, width: width, height: height, role: 'img', class: 'chart', 'data-points': points }, children);
  }

  /** Builds DOM nodes for a tree in `document`'s SVG namespace: attributes by setAttribute, text by textContent. */
  function mount(tree, document) {
    var element = document.createElementNS(SVG_NS, tree.tag);
    Object.keys(tree.attrs).forEach(function (name) {
      if (name === 'xmlns') return;
      element.setAttribute(name, String(tree.attrs[name]));
    });
    if (tree.text !== undefined) element.textContent = tree.text;
    else (tree.children || []).forEach(function (child) {
      element.appendChild(mount(child, document));
    });
    return element;
  }

  return { timeSeriesChart: timeSeriesChart, mount: mount, niceMax: niceMax, utcTime: utcTime, SVG_NS: SVG_NS };
});
