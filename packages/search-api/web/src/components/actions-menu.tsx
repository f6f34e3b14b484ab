import { useEffect, useRef, useState } from 'preact/hooks';

export interface MenuAction {
  label: string;
  run: () => void;
  /** Shown but not usable (e.g. Publish on an entry that is published). */
  disabled?: boolean;
}

interface ActionsMenuProps {
  disabled: boolean;
  actions: readonly MenuAction[];
}

/** "Actions ▾" and its items; the first item takes focus when it opens; Escape and outside clicks close it. */
export function ActionsMenu({ disabled, actions }: ActionsMenuProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const firstItem = useRef<HTMLButtonElement>(null);
  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key === 'Escape') setOpen(false);
  };
  useEffect(() => {
    if (!open) return;
    firstItem.current?.focus();
    const onClick = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, [open]);
  return (
    <div class="menu" ref={root}>
      <button
        type="button"
        class="button"
        onKeyDown={closeOnEscape}
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={disabled}
        onClick={() => setOpen(!open)}
      >
        Actions <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div class="menu-list" role="menu" onKeyDown={closeOnEscape}>
          {actions.map((action, i) => (
            <button
              key={action.label}
              ref={i === 0 ? firstItem : undefined}
              type="button"
              role="menuitem"
              class="menu-item"
              disabled={action.disabled}
              onClick={() => {
                setOpen(false);
                action.run();
              }}
            >
              {action.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
