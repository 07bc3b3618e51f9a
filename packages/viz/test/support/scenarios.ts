/** The reference scenarios run through their TypeScript translations, for the viz tests. */
import type { Tensor } from '@gradviz/engine';
import { translations } from '../../../engine/test/conformance/translations.js';
import { nnTranslations } from '../../../engine/test/conformance/translations-nn.js';
import { loadScenarios, type Scenario } from '../../../engine/test/support/reference.js';

export const scenarioFile = loadScenarios();
const allTranslations = { ...translations, ...nnTranslations };

export function scenario(id: string): Scenario {
  const found = scenarioFile.scenarios.find((s) => s.id === id);
  if (!found) throw new Error(`no scenario ${id}`);
  return found;
}

export function hasTranslation(id: string): boolean {
  return id in allTranslations;
}

/** Runs a scenario's translation: its outputs, and its params as makeDot takes them. */
export function runScenario(id: string): { outputs: Tensor[]; params: Record<string, Tensor>; named: Record<string, Tensor> } {
  const s = scenario(id);
  const named = allTranslations[id]!();
  return {
    outputs: (s.outputs ?? []).map((o) => named[o]!),
    params: Object.fromEntries((s.params ?? []).map((p) => [p, named[p]!])),
    named,
  };
}
