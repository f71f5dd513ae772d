import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  /** what the boundary protects, for the message ("the Partners view") */
  area: string;
  /** called on "Try again", before the area renders again (an area's chunk fetched again) */
  onRetry?: () => void;
}
interface State {
  error: Error | null;
}

/** Shows a readable message instead of a white screen when a view throws while rendering. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`[tierscape] ${this.props.area} failed`, error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="error-panel" role="alert">
        <h2>Something went wrong in {this.props.area}</h2>
        <p>
          Your workspace file is safe: every change is saved as it happens. You can try again, or switch to another view.
        </p>
        <pre className="error-detail">{error.message}</pre>
        <div className="row">
          <button
            type="button"
            className="primary"
            onClick={() => {
              this.props.onRetry?.();
              this.setState({ error: null });
            }}
          >
            Try again
          </button>
          <button type="button" onClick={() => window.location.reload()}>
            Reload the window
          </button>
        </div>
      </div>
    );
  }
}
