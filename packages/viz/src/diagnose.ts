/**
 * Why a gradient does not arrive, or will not: one finding per problem, read from the snapshot
 * alone — the errors backward will raise, the cuts that starve named tensors, named tensors that
 * are not leaves or do not require grad, and gradients that arrive wrong (piled up, zero).
 */
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import { backwardErrors } from './diagnosis/backward.js';
import { cutFindings } from './diagnosis/cuts.js';
import { eventFindings } from './diagnosis/events.js';
import { GraphFacts } from './diagnosis/facts.js';
import { type Draft, type Finding, inWords } from './diagnosis/finding.js';
import { paramFindings } from './diagnosis/params.js';
import { type Lang, message } from './messages/index.js';
import { environmentLang } from './messages/lang.js';

export type { Finding, FindingKind, Severity } from './diagnosis/finding.js';

export interface DiagnoseOptions {
  /** The language of the findings' words. Default: the environment's (`LANG`, the browser's language), else English. */
  readonly lang?: Lang;
}

/** The findings as messages, before they are put into words: backward's errors first, then what starves named tensors, then the rest. */
export function draftFindings(snapshot: GraphSnapshot): Draft[] {
  const facts = new GraphFacts(snapshot);
  const errors = backwardErrors(facts);
  const cuts = cutFindings(facts);
  // A leaf moved into the graph is said once, by backward's error.
  const moved = errors.filter((d) => d.kind === 'leafMovedIntoGraph').flatMap((d) => d.tensors);
  const params = paramFindings(facts, new Set([...cuts.starved, ...moved]));
  const explainedCopies = new Set(params.filter((d) => d.kind === 'nonLeafParam').flatMap((d) => d.nodes));
  const starving = cuts.drafts.filter((d) => d.severity === 'error');
  const partial = cuts.drafts.filter((d) => d.severity !== 'error');
  const drafts = [...errors, ...starving, ...params, ...partial, ...eventFindings(facts, explainedCopies)];
  return drafts.length > 0 && snapshot.unknownSources === 'bundled' ? [...drafts, unknownSources()] : drafts;
}

/** Said once, after the findings whose lines it leaves out, instead of naming a line of the bundle. */
function unknownSources(): Draft {
  return {
    kind: 'unknownSources',
    severity: 'info',
    params: [],
    tensors: [],
    nodes: [],
    places: [],
    summary: message('unknownSources.summary'),
    text: message('unknownSources.text'),
    fix: message('unknownSources.fix'),
  };
}

/** Every problem in the graph, one finding each, in `options.lang`. */
export function diagnose(snapshot: GraphSnapshot, options: DiagnoseOptions = {}): Finding[] {
  const lang = options.lang ?? environmentLang();
  return draftFindings(snapshot).map((draft) => inWords(draft, lang));
}
