/** Types of charts.js (plain browser JavaScript, served as is), for the unit tests. */

/** An SVG element to build: its attributes, and either child elements or text (set as textContent). */
export interface SvgTree {
  tag: string;
  attrs: Record<string, string | number>;
  children?: SvgTree[];
  text?: string;
}

export interface ChartSeries {
  label: string;
  /** One value per time; null (or a missing value) leaves a gap. */
  values: Array<number | null>;
  kind?: 'line' | 'bar';
  /** The CSS class that colours the series (default `series-<index>`). */
  className?: string;
}

export interface TimeSeriesChartOptions {
  title: string;
  description?: string;
  /** ISO date-times, one per x position, oldest first. */
  times: string[];
  series: ChartSeries[];
  /** Shown after values in the points' hover titles (`ms`). */
  unit?: string;
  width?: number;
  height?: number;
  /** An x label from an ISO time (default: UTC `HH:MM`). */
  timeLabel?: (iso: string) => string;
}

/** The minimal DOM that `mount` needs. */
export interface SvgDocument<E> {
  createElementNS(namespace: string, tag: string): E;
}
export interface SvgElementLike<E> {
  setAttribute(name: string, value: string): void;
  appendChild(child: E): unknown;
  textContent: string | null;
}

export declare const SVG_NS: string;
export declare function timeSeriesChart(options: TimeSeriesChartOptions): SvgTree;
export declare function mount<E extends SvgElementLike<E>>(tree: SvgTree, document: SvgDocument<E>): E;
export declare function niceMax(value: number): number;
export declare function utcTime(iso: string): string;
