import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ErrorBoundary } from './components/ErrorBoundary';
// The areas' stylesheets, with the window, though their code loads when first shown (issue
// 21): in the order they always had, before the app's own, so the cascade is the same as when
// every area was in the first chunk; and they do not wait for the area that imports them
// (Compare's KPI table uses the outcome panel's .op-swatch)
import './components/forms.css';
import './features/compare/compare.css';
import './features/compare/DesignPanel/design.css';
import './features/scenarios/editor/requirement-builder.css';
import './features/scenarios/outcome/outcome-panel.css';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <ErrorBoundary area="Tierscape">
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
