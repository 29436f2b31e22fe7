export type {
  ChainDraws, ParameterDraws, PairsChain, PairsData, IntervalRow, PpcData, PlotHandle, BaseOptions,
} from './types';
export { chainColor } from './palette';
export { tracePlot, type TraceOptions } from './tracePlot';
export { rankPlot, type RankOptions } from './rankPlot';
export { densityPlot, type DensityOptions } from './densityPlot';
export { pairsPlot, type PairsOptions } from './pairsPlot';
export { caterpillarPlot, type CaterpillarOptions } from './caterpillarPlot';
export { intervalsPlot } from './intervalsPlot';
export { ppcPlot, type PpcOptions } from './ppcPlot';
export { shrinkagePlot, type ShrinkageData, type ShrinkageGroup1D, type ShrinkageGroup2D, type ShrinkageOptions } from './shrinkagePlot';
export { varianceSharesPlot, type ShareRow, type VarianceSharesOptions } from './varianceSharesPlot';
export { effectsPlot, type EffectSeries, type EffectsPlotData, type EffectsOptions } from './effectsPlot';
export { groupLinesPlot, type GroupLineSeries, type GroupLinesData, type GroupLinesOptions } from './groupLinesPlot';
export { toSvgString } from './export/toSvgString';
export { toPngBlob } from './export/toPngBlob';
