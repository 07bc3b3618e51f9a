/**
 * @gradviz/viz: draws autograd graph snapshots as torchviz does, and shows where the chain to a
 * leaf is broken, why, and how to fix it. Runs in browsers and in Node alike and imports nothing
 * from Node: files (PNG, the HTML page), module loading, the CLI and the markdown-it plugin are in
 * `@gradviz/cli`. In Node (the `node` export condition), a large layout runs on a worker thread.
 */
export { makeDot, GradvizGraph, type MakeDotOptions } from './make-dot.js';
export { explain, type ExplainOptions } from './explain.js';
export { diagnose, type Finding, type FindingKind } from './diagnose.js';
export { validateSnapshot, SnapshotError } from './validate.js';
export { torchvizDrawing, fnLabel, type TorchvizDrawing, type TorchvizNode, type TorchvizEdge, type TorchvizOptions } from './torchviz.js';
export { toDot } from './dot.js';
export type * from './graph.js';
export { groupGraph, foldGraph, type GroupTree, type Group, type GroupKind } from './groups/index.js';
export { layoutClusters } from './layout/cluster-layout.js';
export { layoutGraph } from '#layout';
export { LayoutTooDeepError, LayoutWorkerError } from './layout/errors.js';
export { inlineJson } from './html/inline.js';
export { drawGraph, renderInto, toSvgString, lightTheme, darkTheme, type Theme, type SvgNode } from './render/index.js';
export type { LaidOutGraph, LaidOutNode, LaidOutEdge, LaidOutCluster, Point } from './layout/types.js';
