/**
 * The side panel's gradient-flow chart (makeDot's `gradients`): the classic per-layer plot of mean
 * and max |grad| of each param, input side first, on a log scale, as HTML rows whose `data-key` is
 * the param's box, so the viewer links a row and its box on hover.
 */
import { magnitudeText } from '../gradients/flow.js';
import { gradientScale, position } from '../gradients/scale.js';
import type { GradientChartRow } from '../graph.js';

type Element = HTMLElementTagNameMap[keyof HTMLElementTagNameMap];
type Make = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string>, children?: readonly (Node | string)[]) => HTMLElementTagNameMap[K];

export interface ChartWords {
  readonly title: string;
  readonly hint: string;
  readonly mean: string;
  readonly max: string;
  readonly zero: string;
  readonly nonFinite: string;
}

/** Bars start at 2% so the smallest value still shows. */
const percent = (at: number): string => `${(2 + 98 * at).toFixed(1)}%`;

export function gradientChart(rows: readonly GradientChartRow[], words: ChartWords, h: Make): Element {
  const scale = gradientScale(rows.flatMap((r) => (r.state === 'finite' ? [r.meanAbs, r.maxAbs] : [])));
  const items = rows.map((row) => {
    const text = `${row.name}: ${words.mean} ${magnitudeText(row.meanAbs)}, ${words.max} ${magnitudeText(row.maxAbs)}`;
    const track =
      row.state !== 'finite' || scale === undefined
        ? h('span', { class: `gv-gf-track gv-gf-${row.state}` }, [row.state === 'nonFinite' ? words.nonFinite : words.zero])
        : h('span', { class: 'gv-gf-track' }, [
            h('span', { class: 'gv-gf-max', style: `width: ${percent(position(scale, row.maxAbs))}` }),
            h('span', { class: 'gv-gf-mean', style: `width: ${percent(position(scale, row.meanAbs))}` }),
          ]);
    return h('li', { 'data-key': row.box, title: row.state === 'nonFinite' ? `${row.name}: ${words.nonFinite}` : text }, [h('span', { class: 'gv-gf-name' }, [row.name]), track]);
  });
  const axis = scale === undefined ? [] : [h('div', { class: 'gv-gf-axis' }, [h('span', {}, [magnitudeText(scale.min)]), h('span', {}, [magnitudeText(scale.max)])])];
  return h('section', { class: 'gv-gradients' }, [
    h('h2', {}, [words.title]),
    h('p', { class: 'gv-hint' }, [words.hint]),
    h('div', { class: 'gv-gf-key' }, [h('span', { class: 'gv-gf-swatch gv-gf-mean' }), words.mean, ' ', h('span', { class: 'gv-gf-swatch gv-gf-max' }), words.max]),
    h('ol', { class: 'gv-gf-rows' }, items),
    ...axis,
  ]);
}

export const GRADIENT_CHART_CSS = `
.gv-gf-key { font-size: 12px; color: var(--gv-muted); margin: 2px 0 4px; }
.gv-gf-swatch { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 0; vertical-align: -1px; }
.gv-gf-rows { list-style: none; padding: 0; margin: 0; }
.gv-gf-rows li { display: grid; grid-template-columns: minmax(4em, 40%) 1fr; gap: 6px; align-items: center; font-size: 12px; padding: 1px 2px; border-radius: 3px; }
.gv-gf-rows li.gv-on { background: #fff3c4; }
.gv-gf-name { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.gv-gf-track { position: relative; height: 12px; background: #f6f8fa; }
.gv-gf-track > span { position: absolute; left: 0; top: 0; bottom: 0; }
.gv-gf-max, .gv-gf-swatch.gv-gf-max { background: #7ad151; }
.gv-gf-mean, .gv-gf-swatch.gv-gf-mean { background: #31688e; }
.gv-gf-track > .gv-gf-mean { top: 3px; bottom: 3px; }
.gv-gf-zero, .gv-gf-nonFinite { height: auto; background: none; font-size: 11px; color: var(--gv-muted); }
.gv-gf-nonFinite { color: var(--gv-broken); font-weight: 700; }
.gv-gf-axis { display: flex; justify-content: space-between; font-size: 11px; color: var(--gv-muted); margin-left: calc(40% + 6px); }
`;
