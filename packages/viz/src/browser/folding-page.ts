/**
 * The script of an interactive HTML page whose picture has folded groups (see html/page.ts): as
 * page.ts, plus folding and unfolding, which redraws in the page from the snapshot the JSON carries.
 */
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import type { FoldingJson } from '../make-dot.js';
import { foldingFromJson } from './folding.js';
import { Viewer, type ViewerData } from './viewer.js';

const shell = document.getElementById('gradviz');
const svg = shell?.querySelector('svg');
const data = document.getElementById('gradviz-data')?.textContent;
if (!shell || !svg || !data) throw new Error('gradviz page: the #gradviz SVG or the #gradviz-data JSON is missing');
const json = JSON.parse(data) as ViewerData & { snapshot: GraphSnapshot; folding?: FoldingJson };
const folding = foldingFromJson(json);
new Viewer(shell, json, (canvas) => canvas.appendChild(svg), { title: document.title, ...(folding !== undefined ? { folding } : {}) });
