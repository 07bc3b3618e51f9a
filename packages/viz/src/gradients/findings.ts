/** The gradient findings as the diagnosis's drafts: message ids and arguments, put into words later. */
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import { GraphFacts } from '../diagnosis/facts.js';
import type { Draft } from '../diagnosis/finding.js';
import { at, grads, names, places, tensorArg } from '../diagnosis/words.js';
import { type MessageArg, type MessageRef, message, plural } from '../messages/index.js';
import type { GradientFinding } from './diagnose.js';
import { magnitudeText } from './flow.js';

/** `LogBackward0` → `log`: the op a backward node is named after. */
export function opOfNode(name: string): string {
  const base = name.replace(/Backward\d*$/, '');
  return base.charAt(0).toLowerCase() + base.slice(1);
}

const REASONS = { log: 'log', sqrt: 'sqrt', div: 'div', pow: 'pow', rsqrt: 'sqrt', reciprocal: 'div' } as const;

/** Share as a learner reads it: `3.2e-6` rather than `0.0000032`. */
const shareText = (share: number): string => magnitudeText(share);

function nonFiniteDraft(finding: GradientFinding & { facts: { kind: 'nonFiniteGradient' } }, facts: GraphFacts, base: Omit<Draft, 'summary' | 'text' | 'fix'>): Draft {
  const { nan, inf, born } = finding.facts;
  const paramNames = finding.params.map((p) => p.name);
  const bad: MessageArg = { list: [...(nan > 0 ? [message('gradientNonFinite.nan', { count: nan })] : []), ...(inf > 0 ? [message('gradientNonFinite.inf', { count: inf })] : [])] };
  if (born === undefined) {
    return {
      ...base,
      summary: message('gradientNonFinite.summaryUnknown', { grads: grads(paramNames), bad }),
      text: message('gradientNonFinite.textUnknown', { params: names(paramNames) }),
      fix: message('gradientNonFinite.fixUnknown'),
    };
  }
  const node = facts.node(born.node);
  const op = opOfNode(node.name);
  const where = at(node.source);
  const behind = born.inputNode === null ? undefined : facts.node(born.inputNode);
  const input: MessageArg =
    behind === undefined ? '?' : behind.variable !== undefined ? tensorArg(behind.variable, facts) : message('gradient.madeBy', { node: behind.name, at: at(behind.source) });
  const sent = facts.snapshot.gradients?.nodes.find((n) => n.node === born.node)?.gradInputs[born.input];
  const bornBad: MessageArg = {
    list: [...(sent && sent.nan > 0 ? ['NaN'] : []), ...(sent && sent.inf > 0 ? ['Inf'] : [])],
  };
  const reason = REASONS[op as keyof typeof REASONS];
  const args = { node: node.name, op: facts.code.opCall(op), at: where };
  return {
    ...base,
    places: places(node.source, behind?.source),
    summary: message('gradientNonFinite.summary', { grads: grads(paramNames), bad, op: args.op, at: where }),
    text: message('gradientNonFinite.text', { ...args, born: bornBad, params: names(paramNames), reason: message(`gradientNonFinite.reason.${reason ?? 'other'}`, { input }) }),
    fix: reason === undefined ? message('gradientNonFinite.fix.other', { node: node.name }) : message(`gradientNonFinite.fix.${reason}`),
  };
}

function draftOf(finding: GradientFinding, facts: GraphFacts): Draft {
  const paramNames = finding.params.map((p) => p.name);
  const count = paramNames.length;
  const f = finding.facts;
  const kind = ({ zeroGradient: 'gradientZero', clearedGradient: 'gradientCleared', vanishingGradient: 'gradientVanishing', explodingGradient: 'gradientExploding', nonFiniteGradient: 'gradientNonFinite' } as const)[f.kind];
  const base = { kind, severity: finding.severity, params: paramNames, tensors: finding.params.map((p) => p.tensor), nodes: finding.nodes, places: [] };
  const params = names(paramNames);
  switch (f.kind) {
    case 'zeroGradient': {
      if (f.relu === undefined) {
        return { ...base, summary: message(plural('gradientZero.summary', count), { params }), text: message(plural('gradientZero.text', count), { params, grads: grads(paramNames) }), fix: message('gradientZero.fix') };
      }
      const relu = facts.node(f.relu);
      const args = { params, grads: grads(paramNames), node: relu.name, at: at(relu.source) };
      return { ...base, places: places(relu.source), summary: message(plural('gradientDead.summary', count), args), text: message(plural('gradientDead.text', count), args), fix: message('gradientDead.fix') };
    }
    case 'clearedGradient': {
      const args = { params, grads: grads(paramNames), norm: magnitudeText(f.received), zeroGrad: facts.code.zeroGrad, step: facts.code.trainingStep };
      return { ...base, summary: message(plural('gradientCleared.summary', count), args), text: message(plural('gradientCleared.text', count), args), fix: message('gradientCleared.fix', args), code: facts.code.trainingStep };
    }
    case 'vanishingGradient': {
      const worst = finding.params[0]!;
      const largest = facts.snapshot.gradients?.leaves.find((l) => facts.namesOf(l.tensor).includes(f.largest));
      const activations: MessageRef[] = [...f.activations].map(([name, n]) => message(plural('gradientVanishing.activation', n), { count: n, name }));
      const cause: MessageArg = activations.length > 0 ? message('gradientVanishing.cause', { activations: { list: activations } }) : '';
      return {
        ...base,
        summary: message(plural('gradientVanishing.summary', count), { params, share: shareText(f.share), largest: f.largest }),
        text: message('gradientVanishing.text', { worst: worst.name, depth: f.depth, norm: magnitudeText(worst.grad.norm), largest: f.largest, largestNorm: magnitudeText(largest?.grad.norm ?? 0), cause }),
        fix: message('gradientVanishing.fix'),
      };
    }
    case 'explodingGradient': {
      const worst = finding.params[0]!;
      const growth: MessageArg = f.growth ? message('gradientExploding.growth', { factor: magnitudeText(f.growth.factor), from: f.growth.from }) : '';
      return {
        ...base,
        summary: message(plural('gradientExploding.summary', count), { params, norm: magnitudeText(f.norm) }),
        text: message('gradientExploding.text', { worst: worst.name, norm: magnitudeText(worst.grad.norm), growth }),
        fix: message('gradientExploding.fix'),
      };
    }
    case 'nonFiniteGradient':
      return nonFiniteDraft(finding as GradientFinding & { facts: typeof f }, facts, base);
  }
}

export function gradientDrafts(snapshot: GraphSnapshot, findings: readonly GradientFinding[]): Draft[] {
  const facts = new GraphFacts(snapshot);
  return findings.map((finding) => draftOf(finding, facts));
}
