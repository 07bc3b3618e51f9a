/**
 * Gradient flow in the picture (makeDot's `gradients`): read the snapshot's `gradients`, find what
 * went wrong with them, put both into the picture, in the picture's language.
 */
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import { type Finding, inWords } from '../diagnosis/finding.js';
import type { VizGraph } from '../graph.js';
import { format, type Lang, type MessageId, message } from '../messages/index.js';
import { annotateGradients, type GradientWords, nonFiniteText } from './annotate.js';
import { diagnoseGradients, type GradientFinding } from './diagnose.js';
import { gradientDrafts } from './findings.js';
import { type GradientFlow, isNonFinite, magnitudeText, readGradientFlow } from './flow.js';

export { readGradientFlow, type GradientFlow } from './flow.js';

export const NO_GRADIENTS_MESSAGE =
  'gradients: true needs gradient statistics in the snapshot: call backward() inside recordGradients(() => ...) or as backward(null, { recordGradients: true }) (in Python, inside gradviz.record(gradients=True)) before drawing';

function gradientWords(lang: Lang): GradientWords {
  const say = (id: MessageId, args?: Parameters<typeof message>[1]) => format(lang, message(id, args));
  return {
    normLine: (norm) => say('gradient.normLine', { norm }),
    details: {
      gradient: say('detail.gradient'),
      updateRatio: say('detail.updateRatio'),
      stats: (s) =>
        isNonFinite(s)
          ? say('gradient.detailNonFinite', { bad: nonFiniteText(s), numel: s.numel, norm: magnitudeText(s.norm), max: magnitudeText(s.maxAbs) })
          : say('gradient.detail', { norm: magnitudeText(s.norm), max: magnitudeText(s.maxAbs), mean: magnitudeText(s.meanAbs), zeros: s.zeros, numel: s.numel }),
    },
    scale: { title: say('gradient.scaleTitle'), zero: say('gradient.zero'), nonFinite: say('gradient.nonFinite') },
    badges: {
      born: say('badge.gradientBorn'),
      nonFiniteParam: say('badge.gradientNonFinite'),
      deadRelu: say('badge.deadRelu'),
      zeroParam: say('badge.zeroGradient'),
      cleared: say('badge.gradientCleared'),
      vanishing: say('badge.vanishing'),
      exploding: say('badge.exploding'),
    },
  };
}

export interface GradientDiagnosis {
  readonly flow: GradientFlow;
  readonly found: readonly GradientFinding[];
  readonly findings: readonly Finding[];
}

/** The flow and its findings; throws when the snapshot recorded none. */
export function diagnoseGradientFlow(snapshot: GraphSnapshot, lang: Lang): GradientDiagnosis {
  const flow = readGradientFlow(snapshot);
  if (flow === undefined) throw new TypeError(`makeDot(): ${NO_GRADIENTS_MESSAGE}`);
  const found = diagnoseGradients(flow);
  return { flow, found, findings: gradientDrafts(snapshot, found).map((draft) => inWords(draft, lang)) };
}

/** The picture with the gradients drawn on it. */
export function drawGradients(graph: VizGraph, diagnosis: GradientDiagnosis, lang: Lang): VizGraph {
  return annotateGradients(graph, diagnosis.flow, diagnosis.found, gradientWords(lang));
}
