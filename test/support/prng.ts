/**
 * A fixed pseudo-random sequence for property tests, so that a failure reproduces from its seed:
 * `random(n)` gives an integer in [0, n). It takes the generator's high bits: its low bits repeat
 * with a short period (`x % 4` cycles through four values), which made every test file alike.
 */
export function prng(seed: number): (n: number) => number {
  let x = seed >>> 0;
  return (n: number) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return Math.floor((x / 2 ** 32) * n);
  };
}
