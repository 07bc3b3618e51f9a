/** `np.arange(start, stop, step)` as float64 values: NumPy's length and `start + i * step`. */
export function npArange(start: number, stop: number, step: number): Float64Array {
  const length = Math.ceil((stop - start) / step);
  return Float64Array.from({ length }, (_, i) => start + i * step);
}

/** `np.array([...])` of floats: a float64 array, as NumPy makes it. */
export function npArray(values: readonly number[]): Float64Array {
  return Float64Array.from(values);
}
