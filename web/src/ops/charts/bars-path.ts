import uPlot from 'uplot';

/** uPlot's bar path builder. Its bundled builds always carry it; its types mark it optional. */
export const barsPath = uPlot.paths.bars as NonNullable<typeof uPlot.paths.bars>;
