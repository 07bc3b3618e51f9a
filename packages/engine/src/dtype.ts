import { describeValue, RuntimeError } from './errors.js';

/** The element types gradviz supports, named as PyTorch names them (without `torch.`). */
export type DType = 'float32' | 'float64' | 'int64' | 'bool';

export const float32: DType = 'float32';
export const float64: DType = 'float64';
export const int64: DType = 'int64';
export const bool: DType = 'bool';
/** PyTorch's aliases: `torch.float`, `torch.double`, `torch.long`. */
export const float: DType = float32;
export const double: DType = float64;
export const long: DType = int64;

export const DTYPES: readonly DType[] = [float32, float64, int64, bool];

/**
 * Element storage. int64 lives in a Float64Array: exact up to 2^53, which covers labels and
 * indices; bool in a Uint8Array of 0 and 1, one byte each as in PyTorch.
 */
export type Storage = Float32Array | Float64Array | Uint8Array;

export function isFloatingPoint(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

/** Bytes per element, as PyTorch counts them (int64 is 8 here too: it lives in a Float64Array). */
const ELEMENT_BYTES: Readonly<Record<DType, number>> = { float32: 4, float64: 8, int64: 8, bool: 1 };

const INT64_MAX = 2n ** 63n - 1n;

/**
 * Small storages are views into shared 128 KiB slabs: V8 takes microseconds to give a typed array
 * memory of its own, against tens of nanoseconds for a view, and small tensors are made by the
 * thousand per training step. A slab lives while any of its views does, which bounds what a
 * long-lived small tensor keeps alive to one slab.
 */
const SLAB_BYTES = 1 << 17;
const SMALL_BYTES = 1 << 14;
let slab = new ArrayBuffer(0);
let slabUsed = 0;

function fromSlab(dtype: DType, length: number, bytes: number): Storage {
  const size = (bytes + 7) & ~7;
  if (slabUsed + size > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const at = slabUsed;
  slabUsed += size;
  if (dtype === 'bool') return new Uint8Array(slab, at, length);
  return dtype === 'float32' ? new Float32Array(slab, at, length) : new Float64Array(slab, at, length);
}

/**
 * Large storages given back by `releaseStorage` (gradients the backward pass no longer holds, an
 * op's scratch), reused by `allocate`, as PyTorch's allocator reuses freed blocks: V8 pays page
 * faults and garbage collections for every fresh megabyte-sized typed array.
 */
const pool = new Map<string, Storage[]>();
const MAX_POOLED_BYTES = 1 << 27;
let pooledBytes = 0;
/** Large storages allocated since `logAllocations` started a log (the backward pass's own). */
let allocationLog: Set<Storage> | null = null;

const poolKey = (storage: Storage): string => `${storage.constructor.name}:${storage.length}`;

function fromPool(dtype: DType, length: number): Storage | undefined {
  const key = `${dtype === 'bool' ? 'Uint8Array' : dtype === 'float32' ? 'Float32Array' : 'Float64Array'}:${length}`;
  const storage = pool.get(key)?.pop();
  if (storage !== undefined) pooledBytes -= storage.byteLength;
  return storage;
}

/** Gives a large storage back for reuse; the caller guarantees nothing reads or writes it any more. */
export function releaseStorage(storage: Storage): void {
  // Slab views are cheap to make; a view into another array is not this storage's to give.
  if (storage.byteLength <= SMALL_BYTES || storage.byteOffset !== 0 || storage.byteLength !== storage.buffer.byteLength) return;
  if (pooledBytes + storage.byteLength > MAX_POOLED_BYTES) return;
  const key = poolKey(storage);
  const list = pool.get(key);
  if (list === undefined) pool.set(key, [storage]);
  else list.push(storage);
  pooledBytes += storage.byteLength;
}

/** Starts (a set) or stops (null) recording the large storages `allocate` gives out; returns the previous log. */
export function logAllocations(log: Set<Storage> | null): Set<Storage> | null {
  const previous = allocationLog;
  allocationLog = log;
  return previous;
}

/**
 * Storage for `length` elements, zeroed unless `zeroed` is false (for a kernel that writes every
 * element); too many for this machine (or for a JS typed array) is PyTorch's allocator error.
 */
export function allocate(dtype: DType, length: number, zeroed = true): Storage {
  const bytes = length * ELEMENT_BYTES[dtype];
  if (bytes > 0 && bytes <= SMALL_BYTES) return fromSlab(dtype, length, bytes);
  const reused = bytes > 0 ? fromPool(dtype, length) : undefined;
  if (reused !== undefined) {
    if (zeroed) reused.fill(0);
    allocationLog?.add(reused);
    return reused;
  }
  const storage = allocateFresh(dtype, length);
  if (bytes > 0) allocationLog?.add(storage);
  return storage;
}

function allocateFresh(dtype: DType, length: number): Storage {
  try {
    if (dtype === 'bool') return new Uint8Array(length);
    return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const bytes = Number.isSafeInteger(length) ? String(BigInt(length) * BigInt(ELEMENT_BYTES[dtype])) : String(length * ELEMENT_BYTES[dtype]);
    throw new RuntimeError(
      `[enforce fail at alloc_cpu.cpp:75] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to allocate ${bytes} bytes. Error code 12 (Cannot allocate memory)`,
    );
  }
}

/** Storage for a tensor of `shape` (sizes checked already), with PyTorch's error when its size in bytes overflows 64 bits. */
export function allocateShape(dtype: DType, shape: readonly number[]): Storage {
  let bytes = BigInt(ELEMENT_BYTES[dtype]);
  let length = 1;
  for (const size of shape) {
    bytes *= BigInt(size);
    length *= size;
  }
  if (bytes > INT64_MAX) throw new RuntimeError(`Storage size calculation overflowed with sizes=[${shape.join(', ')}]`);
  return allocate(dtype, length);
}

/** Validates a dtype given by a caller; `where` names the call for the error message. */
export function checkDType(value: unknown, where: string): DType {
  if (typeof value === 'string' && (DTYPES as readonly string[]).includes(value)) return value as DType;
  const hint =
    typeof value === 'string' && value.startsWith('torch.') ? ` (drop the 'torch.' prefix: '${value.slice(6)}')` : '';
  throw new TypeError(
    `${where}: unknown dtype ${describeValue(value)}${hint}; expected one of ${DTYPES.map((d) => `'${d}'`).join(', ')}`,
  );
}

/** How PyTorch prints a dtype: `torch.float32`. */
export function torchName(dtype: DType): string {
  return `torch.${dtype}`;
}

/** The legacy type name PyTorch uses in some messages: `torch.FloatTensor`. */
export function legacyTypeName(dtype: DType): string {
  return { float32: 'torch.FloatTensor', float64: 'torch.DoubleTensor', int64: 'torch.LongTensor', bool: 'torch.BoolTensor' }[dtype];
}

/** PyTorch's C++ scalar type name, used in some messages: `Float`. */
export function scalarTypeName(dtype: DType): string {
  return { float32: 'Float', float64: 'Double', int64: 'Long', bool: 'Bool' }[dtype];
}

const RANK: Record<DType, number> = { bool: -1, int64: 0, float32: 1, float64: 2 };

/** PyTorch's kinds of dtype, in promotion order: bool, integral, floating. */
function category(dtype: DType): number {
  return dtype === 'bool' ? 0 : dtype === 'int64' ? 1 : 2;
}

/** `torch.promote_types` for the supported dtypes. */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Default dtype of a tensor made from plain JS numbers, as PyTorch's default float dtype. */
export const defaultFloatDType: DType = float32;

/** Rounds a value to what the dtype stores, so scalars computed in JS match stored elements. */
export function castValue(value: number, dtype: DType): number {
  if (dtype === 'float32') return Math.fround(value);
  if (dtype === 'int64') return Math.trunc(value);
  if (dtype === 'bool') return value !== 0 ? 1 : 0;
  return value;
}

/** One operand of an op, as PyTorch's type promotion sees it. */
export interface PromotionOperand {
  readonly dtype: DType;
  readonly ndim: number;
  /** A JS number passed where a tensor goes (PyTorch's "wrapped number"). */
  readonly wrappedNumber: boolean;
}

/**
 * `torch.result_type`: tensors with dimensions decide the dtype; zero-dim tensors and then
 * wrapped numbers only raise the category (bool to integral to floating), never the width.
 */
export function resultType(operands: readonly PromotionOperand[]): DType {
  let dimensioned: DType | undefined;
  let zeroDim: DType | undefined;
  let wrapped: DType | undefined;
  for (const op of operands) {
    if (op.wrappedNumber) wrapped = mergeTypes(wrapped, isFloatingPoint(op.dtype) ? defaultFloatDType : op.dtype);
    else if (op.ndim === 0) zeroDim = mergeTypes(zeroDim, op.dtype);
    else dimensioned = mergeTypes(dimensioned, op.dtype);
  }
  return combineTypes(dimensioned, combineTypes(zeroDim, wrapped)) ?? defaultFloatDType;
}

// Module-level helpers of resultType: closures made per call cost more than the promotion itself.
function mergeTypes(a: DType | undefined, b: DType): DType {
  return a === undefined ? b : promoteTypes(a, b);
}

function combineTypes(higher: DType | undefined, lower: DType | undefined): DType | undefined {
  if (higher === undefined) return lower;
  if (lower === undefined) return higher;
  return category(lower) > category(higher) ? promoteTypes(higher, lower) : higher;
}
