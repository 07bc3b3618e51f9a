/**
 * The script of the interactive HTML page (see html/page.ts): the SVG is already in the page, drawn
 * in Node; this wraps it in the viewer, fed by the graph JSON inlined next to it.
 */
import { Viewer, type ViewerData } from './viewer.js';

const shell = document.getElementById('gradviz');
const svg = shell?.querySelector('svg');
const data = document.getElementById('gradviz-data')?.textContent;
if (!shell || !svg || !data) throw new Error('gradviz page: the #gradviz SVG or the #gradviz-data JSON is missing');
new Viewer(shell, JSON.parse(data) as ViewerData, (canvas) => canvas.appendChild(svg), { title: document.title });
