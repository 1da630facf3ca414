/**
 * A visually hidden polite live region: screen readers read what changed (a file published,
 * blocked, withdrawn) without moving the reader's focus.
 */
export function LiveAnnouncer({ message }: { readonly message: string }) {
  return (
    <div class="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {message}
    </div>
  );
}
