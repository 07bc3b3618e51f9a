/**
 * torchviz parity from Python: for every scenario of torchviz.json, the graph the Python package
 * exports from real PyTorch draws every node and edge torchviz drew, with its labels and colours,
 * in the DOT that `make_dot(...).source` and `g.save('graph.dot')` write (the CLI's toDOT()).
 */
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import { describe, it } from 'vitest';
import { makeDot } from '../../src/index.js';
import { runPython } from '../support/python.js';
import { compareWithTorchviz, fromDot, TORCHVIZ_MODES, torchviz } from '../support/torchviz-compare.js';

const exported = JSON.parse(runPython('tests/export_scenarios.py')) as Record<string, { recorded: GraphSnapshot; plain: GraphSnapshot }>;

describe('make_dot from Python draws what torchviz drew (torchviz.json)', () => {
  for (const entry of torchviz.scenarios) {
    for (const [mode, options] of TORCHVIZ_MODES) {
      it(`${entry.id} (${mode})`, () => {
        const graph = makeDot(exported[entry.id]!.plain, options);
        compareWithTorchviz(entry[mode], graph, fromDot(graph));
      });
    }
  }
});
