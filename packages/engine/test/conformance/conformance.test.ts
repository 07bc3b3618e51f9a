/**
 * Conformance with real PyTorch: every scenario of `scenarios.json` is run through its TypeScript
 * translation and compared field by field with what PyTorch 1.13 recorded. Expected values are
 * read from the JSON at test time.
 */
import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../support/reference.js';
import { runScenario } from '../support/scenario.js';
import type { Translation } from './translation.js';
import { translations } from './translations.js';
import { nnTranslations } from './translations-nn.js';

const reference = loadScenarios();
const all: Record<string, Translation> = { ...translations, ...nnTranslations };

/** Scenarios that cannot pass yet, each with its reason. Empty when everything conforms. */
const KNOWN_GAPS: Record<string, string> = {};

describe('conformance with PyTorch (scenarios.json)', () => {
  for (const scenario of reference.scenarios) {
    const translation = all[scenario.id];
    const gap = KNOWN_GAPS[scenario.id];
    if (translation === undefined && gap !== undefined) {
      it.todo(`${scenario.id} — known gap: ${gap}`);
      continue;
    }
    it(`${scenario.id}: ${scenario.about ?? ''}`, () => {
      expect(translation, `no translation for ${scenario.id}`).toBeDefined();
      expect(gap, `${scenario.id} has a translation now; remove it from KNOWN_GAPS`).toBeUndefined();
      runScenario(scenario, translation!);
    });
  }
});

describe('the reference data', () => {
  it('matches ../shared/pytorch-reference where that folder exists', async () => {
    const { existsSync, readFileSync } = await import('node:fs');
    const { REFERENCE_DIR } = await import('../support/reference.js');
    const shared = new URL('../../../../../shared/pytorch-reference/', import.meta.url);
    if (!existsSync(shared)) return;
    for (const file of ['scenarios.json', 'torchviz.json', 'scenarios.py', 'record.py']) {
      expect(readFileSync(`${REFERENCE_DIR}${file}`, 'utf8'), file).toBe(readFileSync(new URL(file, shared), 'utf8'));
    }
  });
});
