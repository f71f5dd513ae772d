/** The one look of every ag-grid in the app, and the Community modules they use. */
import {
  ColumnAutoSizeModule,
  CellStyleModule,
  ClientSideRowModelModule,
  InfiniteRowModelModule,
  NumberFilterModule,
  TextFilterModule,
  themeQuartz,
  TooltipModule,
  ValidationModule,
  type Module,
} from 'ag-grid-community';

export const gridTheme = themeQuartz.withParams({ fontSize: 13, headerFontWeight: 600, spacing: 6 });

/**
 * Only what the two grids (features/partners/PartnersView, features/compare/DiffGrid) use,
 * not `AllCommunityModule`, so the window's first chunk does not carry the rest (issue 21).
 * The grid's core always brings sorting, column resize and move, pinned columns, keyboard
 * navigation and the loading overlay. A grid option or column property whose module is
 * missing logs ag-grid error #200 in the console (the e2e suite fails on console errors).
 */
export const gridModules: Module[] = [
  ClientSideRowModelModule, // rowData (the diff's grid)
  InfiniteRowModelModule, // the partners grid: rowModelType 'infinite', its datasource and api.refreshInfiniteCache (features/partners/grid-view.ts)
  TextFilterModule, // filter: 'agTextColumnFilter' (identity and scenario columns, the diff's)
  NumberFilterModule, // filter: 'agNumberColumnFilter' (metric columns, progress)
  TooltipModule, // headerTooltip; the diff's cell tooltip and tooltipShowDelay
  CellStyleModule, // cellClass (no data, up / down)
  ColumnAutoSizeModule, // a double click on a column's resize handle fits the column, as before
  // development only: full messages for misconfiguration (ag-grid keeps it out of production builds)
  ...(import.meta.env.DEV ? [ValidationModule] : []),
];
