/** A dialog form's last lines: its error, if any, then Cancel and the submit button (disabled while busy). */
export function FormFooter({
  error,
  onCancel,
  busy = false,
  disabled = false,
  label = 'Save',
  busyLabel = 'Saving…',
}: {
  error: string | null;
  onCancel: () => void;
  busy?: boolean;
  disabled?: boolean;
  label?: string;
  busyLabel?: string;
}) {
  return (
    <>
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <div class="form-actions">
        <button type="button" class="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" class="button button-primary" disabled={busy || disabled}>
          {busy ? busyLabel : label}
        </button>
      </div>
    </>
  );
}
