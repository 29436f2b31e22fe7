declare module 'fft.js' {
  export default class FFT {
    constructor(size: number);
    size: number;
    createComplexArray(): number[];
    toComplexArray(input: ArrayLike<number>, storage?: number[]): number[];
    fromComplexArray(complex: ArrayLike<number>, storage?: number[]): number[];
    realTransform(output: number[] | Float64Array, input: ArrayLike<number>): void;
    completeSpectrum(spectrum: number[] | Float64Array): void;
    transform(output: number[] | Float64Array, input: ArrayLike<number>): void;
    inverseTransform(output: number[] | Float64Array, input: ArrayLike<number>): void;
  }
}
