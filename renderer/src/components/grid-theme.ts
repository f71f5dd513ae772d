/** The one look of every ag-grid in the app, and the Community modules they use. */
import { AllCommunityModule, themeQuartz } from 'ag-grid-community';

export const gridTheme = themeQuartz.withParams({ fontSize: 13, headerFontWeight: 600, spacing: 6 });
export const gridModules = [AllCommunityModule];
