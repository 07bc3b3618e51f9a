import type { LegendEntry } from '../graph.js';

/** Colours around the boxes. Box fills stay torchviz's X11 colours in every theme. */
export interface Theme {
  readonly background: string;
  readonly edge: string;
  readonly boxStroke: string;
  /** Label text inside boxes: the fills are light in every theme. */
  readonly boxText: string;
  /** Where the chain breaks: border, edges and badge. */
  readonly broken: string;
  /** The leaf that really receives the gradient: border and badge. */
  readonly receivesGrad: string;
  /** Badges with no mark. */
  readonly badge: string;
  readonly badgeText: string;
  readonly ghostOpacity: number;
  readonly legendText: string;
  readonly legendRule: string;
  readonly severity: Readonly<Record<LegendEntry['severity'], string>>;
}

export const lightTheme: Theme = {
  background: '#ffffff',
  edge: '#000000',
  boxStroke: '#000000',
  boxText: '#000000',
  broken: '#d62728',
  receivesGrad: '#1f5fd6',
  badge: '#57606a',
  badgeText: '#ffffff',
  ghostOpacity: 0.55,
  legendText: '#1f2328',
  legendRule: '#d0d7de',
  severity: { error: '#d62728', warning: '#b35c00', info: '#1f5fd6' },
};

export const darkTheme: Theme = {
  background: '#0d1117',
  edge: '#c9d1d9',
  boxStroke: '#c9d1d9',
  boxText: '#000000',
  broken: '#ff6b6b',
  receivesGrad: '#58a6ff',
  badge: '#6e7681',
  badgeText: '#ffffff',
  ghostOpacity: 0.6,
  legendText: '#e6edf3',
  legendRule: '#30363d',
  severity: { error: '#ff6b6b', warning: '#e3b341', info: '#58a6ff' },
};
