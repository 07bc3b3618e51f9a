/**
 * Five learners' programs whose gradients go wrong, each a line-by-line translation of a program in
 * examples/reference/gradient_flow.py (PyTorch's figures for them: examples/reference/gradient-flow.json).
 * Each runs forward and backward inside `recordGradients`, so the snapshot carries how much gradient
 * flowed along every edge and, where one was born, the node that first made a NaN or Inf.
 */
import { type Tensor } from '@gradviz/engine';
export interface GradientProgram {
    readonly loss: Tensor;
    /** The names PyTorch's program gives the parameters (`model.0.weight`, `w`). */
    readonly params: [string, Tensor][];
}
/** Seven sigmoid layers: the first layer's gradient is about 1e-5 of the last one's. */
export declare function deepSigmoid(): GradientProgram;
/** A bias of -10 keeps every ReLU unit off: fc1 (and fc2's weight, which sees only zeros) get no gradient. */
export declare function deadRelu(): GradientProgram;
/** log of a product that is 0: LogBackward0 divides by it (Inf), MulBackward0 turns Inf·0 into NaN in w. */
export declare function logZero(): GradientProgram;
/** The square root of a squared distance that is 0: SqrtBackward0 divides by 0, a's gradient is NaN. */
export declare function sqrtZero(): GradientProgram;
/** Eight linear layers with weights of std 1: the gradient grows by about ×3 a layer towards the input. */
export declare function explodingLinear(): GradientProgram;
/** The programs by the id their PyTorch version has in gradient-flow.json. */
export declare const GRADIENT_PROGRAMS: Readonly<Record<string, () => GradientProgram>>;
