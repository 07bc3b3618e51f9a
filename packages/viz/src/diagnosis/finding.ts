/** What the diagnosis says: one finding per problem, built as messages, put into words in one language. */
import type { SourceLocationSnapshot } from '@gradviz/engine/snapshot-schema';
import { format, type Lang, type MessageRef } from '../messages/index.js';

export type FindingKind =
  /** Backward from an output raises: nothing that requires grad reaches it. */
  | 'outputWithoutGrad'
  /** Backward raises: a tensor a node saved was changed in place since. */
  | 'savedTensorModified'
  /** Backward raises: part of the graph was freed by an earlier backward(). */
  | 'graphFreed'
  /** Backward raises: a leaf the graph accumulates into got a gradFn since (changed in place). */
  | 'leafMovedIntoGraph'
  /** A named tensor is not a leaf, so backward does not fill its `.grad`. */
  | 'nonLeafParam'
  /** detach() or `.data` cut the way from named tensors to the outputs. */
  | 'detachedParam'
  /** Work under noGrad cut the way from named tensors to the outputs. */
  | 'noGradParam'
  /** Values copied out (`item()`, `tolist()`, `numpy()`, `tensor()` of tensors) and made into a new tensor cut the way. */
  | 'copiedParam'
  /** An op with no gradient (argmax, a comparison, a copy to an integer dtype) cut the way. */
  | 'nonDifferentiableParam'
  /** A cut took one of several ways to the outputs: named tensors get part of their gradient. */
  | 'partlyCutParam'
  /** An op whose gradient is zero everywhere (round, floor, sign) is on the way. */
  | 'zeroGradientOp'
  /** A named tensor was made under noGrad from tensors that need a gradient, so it does not require grad. */
  | 'paramMadeUnderNoGrad'
  /** A named tensor does not require grad. */
  | 'paramNoGrad'
  /** A named tensor stopped requiring grad (`requiresGrad_(false)`). */
  | 'frozenParam'
  /** `requiresGrad_()` came after the tensor was used: what was computed before has no graph to it. */
  | 'requiresGradAfterUse'
  /** The outputs are computed from a new leaf made of plain values, not from the named tensors. */
  | 'newLeaf'
  /** A named tensor does not take part in computing the outputs. */
  | 'paramNotInGraph'
  /** `retainGrad()` came after backward had run through the tensor: its `.grad` stays empty. */
  | 'retainGradAfterBackward'
  /** A leaf's `.grad` holds the sum of several backward() calls: nothing zeroed it between steps. */
  | 'gradAccumulated'
  /** A leaf enters the graph through a dtype copy (ToCopyBackward0). */
  | 'dtypeCopy'
  /** The program ran bundled without a source map: the findings cannot name lines of code. */
  | 'unknownSources'
  /** Gradient flow (makeDot's `gradients`): a param's recorded gradient is exactly zero (a dead ReLU when one is on its way). */
  | 'gradientZero'
  /** backward() sent a param a gradient, but its `.grad` was zeroed after (zero_grad() between backward() and step()). */
  | 'gradientCleared'
  /** A param's gradient is a tiny share of the largest, farther from the output. */
  | 'gradientVanishing'
  /** A param's gradient is huge, or grows going back from the output. */
  | 'gradientExploding'
  /** A param's gradient holds NaN or Inf; the node where it was born is named. */
  | 'gradientNonFinite';

export type Severity = 'error' | 'warning' | 'info';

/** A finding before it is put into words. */
export interface Draft {
  readonly kind: FindingKind;
  readonly severity: Severity;
  /** The params names concerned. */
  readonly params: readonly string[];
  /** Snapshot tensor ids concerned: the named tensor (or the one cut off) first. */
  readonly tensors: readonly number[];
  /** Snapshot node ids concerned: where the chain breaks, where a value entered as a constant. */
  readonly nodes: readonly number[];
  /** The lines of the user's code the finding names. */
  readonly places: readonly SourceLocationSnapshot[];
  readonly summary: MessageRef;
  readonly text: MessageRef;
  readonly fix: MessageRef;
  /** The fix as code to paste, in the program's language, where one line says it. */
  readonly code?: string;
  /** PyTorch's own error or warning for this problem, as PyTorch prints it (never translated). */
  readonly pytorch?: string;
}

export interface Finding extends Omit<Draft, 'summary' | 'text' | 'fix'> {
  readonly lang: Lang;
  /** One line: what is wrong. */
  readonly summary: string;
  /** The longer explanation: what happened, where, and what it does to the gradient. */
  readonly text: string;
  /** How to fix it. */
  readonly fix: string;
  /** The same three as message ids and arguments, to put them into another language. */
  readonly messages: { readonly summary: MessageRef; readonly text: MessageRef; readonly fix: MessageRef };
}

export function inWords(draft: Draft, lang: Lang): Finding {
  const { summary, text, fix, ...rest } = draft;
  return { ...rest, lang, summary: format(lang, summary), text: format(lang, text), fix: format(lang, fix), messages: { summary, text, fix } };
}
