import dagre from '@dagrejs/dagre';
import { Graph } from '@dagrejs/graphlib';
const n = +process.argv[2];
for (let rep = 0; rep < 1; rep++) {
const g = new Graph({ multigraph: true });
g.setGraph({ rankdir: 'TB' });
g.setDefaultEdgeLabel(() => ({}));
for (let i = 0; i < n; i++) g.setNode('n' + i, { width: 100, height: 30 });
for (let i = 1; i < n; i++) g.setEdge('n' + (i - 1), 'n' + i, {}, 'e' + i);
const t = performance.now();
dagre.layout(g, { debugTiming: rep === 2 }); console.log(n, (performance.now() - t).toFixed(0), 'ms');
}
