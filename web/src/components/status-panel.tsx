/** Props of `StatusPanel`. */
export interface StatusPanelProps {
  readonly message: string;
  readonly actionLabel?: string;
  readonly onAction?: () => void;
}

/** A short centred notice (loading, an error) with an optional action button. */
export function StatusPanel({ message, actionLabel, onAction }: StatusPanelProps) {
  return (
    <div class="status-panel" role="status">
      <p>{message}</p>
      {actionLabel && onAction && (
        <button type="button" class="button" onClick={onAction}>
          {actionLabel}
        </button>
      )}
    </div>
  );
}
