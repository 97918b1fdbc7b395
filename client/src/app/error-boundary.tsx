/**
 * Keeps a rendering error in one part of the page from blanking the whole page: shows a French
 * message and a way to reload. The document itself is safe (it lives in Yjs, not in React).
 */
import { Component, type ReactNode } from 'react';

interface Props {
  message: string;
  action: string;
  children: ReactNode;
}

export class ErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error(error);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div role="alert" className="notice notice-error">
        <p>{this.props.message}</p>
        <button type="button" onClick={() => this.setState({ failed: false })}>
          {this.props.action}
        </button>
      </div>
    );
  }
}
