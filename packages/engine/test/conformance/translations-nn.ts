import type { Translation } from './translation.js';

/** Translations of the nn scenarios (issue 4). */
export const nnTranslations: Record<string, Translation> = {};
